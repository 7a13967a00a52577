/**
 * `npm run bench:pool [-- --numbers 8 --runtime bundle|tsx]`: how many WhatsApp numbers one worker process
 * carries, with the fake driver (no Chromium: add 300–500 MB per number for the real one).
 *   - Worker memory: RSS of one pool worker with no number, then after each number is added, linked and
 *     ready (the post-ready sync settled): the slope is the worker's own cost per number.
 *   - Claim time: a number added (row + `pool` NOTIFY, as the API does) → its lease taken by the worker.
 *   - Take-over time: a second worker joins, the first is killed with SIGKILL, → every number leased by the
 *     survivor, and → every number `ready` there again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../lib/audit/actor';
import { createDb } from '../lib/db';
import { createSession } from '../lib/whatsapp/sessions/manage';
import { ensureBundles } from '../scripts/lib/bundle';
import { waitFor } from '../tests/support/processes';
import { startWorker } from '../tests/support/stack';
import { intArg, parseArgs } from './lib/args';
import { printTable } from './lib/stats';
import { benchDatabase, writeResult } from './support';

const args = parseArgs(
  z.object({
    numbers: intArg(1, 64, 8),
    runtime: z.enum(['bundle', 'tsx']).default('bundle'),
  }),
  'npm run bench:pool -- [--numbers N] [--runtime bundle|tsx]',
);

const database = await benchDatabase('pool');
const handle = createDb(database.url, { max: 2 });
const dataDir = mkdtempSync(path.join(tmpdir(), 'tuki-bench-pool-'));
if (args.runtime === 'bundle') await ensureBundles(process.cwd(), (line) => console.log(line));
const env = {
  WORKER_MAX_SESSIONS: String(args.numbers),
  WORKER_LEASE_SECONDS: '10',
  WORKER_HEARTBEAT_SECONDS: '3',
  LOG_LEVEL: 'warn',
};
const names = Array.from({ length: args.numbers }, (_, i) => `numero-${i + 1}`);
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sessionsWhere(condition: (r: { owner: string | null; status: string }) => boolean) {
  const rows = await handle.sql<{ name: string; owner: string | null; status: string }[]>`
    select name, case when lease_expires_at > now() then lease_owner end as owner, status::text
    from whatsapp_sessions where name like 'numero-%'`;
  return rows.filter(condition).length;
}

let result: Record<string, unknown> = {};
const workers: Awaited<ReturnType<typeof startWorker>>[] = [];
try {
  // The installation's default number exists (a first start creates it) but is stopped: only ours count.
  await handle.sql`insert into whatsapp_sessions (name, desired_state) values ('default', 'stopped')`;
  const first = await startWorker(database.url, dataDir, env, { bundle: args.runtime === 'bundle' });
  workers.push(first);
  await settle(3000);
  const idleMb = first.rssMb() ?? 0;
  const perNumber: { number: number; rssMb: number; claimMs: number; readyMs: number }[] = [];
  for (const [i, name] of names.entries()) {
    const started = performance.now();
    await createSession(handle.db, { name }, SYSTEM_ACTOR);
    await waitFor(
      'the claim',
      async () => ((await sessionsWhere((r) => r.owner !== null)) > i ? true : undefined),
      30_000,
    );
    const claimMs = performance.now() - started;
    const fake = first.fakeFor(name);
    await fake.chats(
      Array.from({ length: 20 }, (_, c) => ({
        id: `5698${String(i * 100 + c).padStart(7, '0')}@c.us`,
        name: `Cliente ${c}`,
      })),
    );
    await waitFor(
      'its QR',
      async () => ((await fake.scan().catch(() => undefined)) ? true : undefined),
      30_000,
    );
    await waitFor(
      'ready',
      async () => ((await sessionsWhere((r) => r.status === 'ready')) > i ? true : undefined),
      30_000,
    );
    const readyMs = performance.now() - started;
    await settle(2000);
    perNumber.push({ number: i + 1, rssMb: first.rssMb() ?? 0, claimMs, readyMs });
  }
  const fullMb = perNumber.at(-1)?.rssMb ?? idleMb;

  const second = await startWorker(database.url, dataDir, env, { bundle: args.runtime === 'bundle' });
  workers.push(second);
  await settle(3000);
  const killedAt = performance.now();
  await first.kill9();
  const secondOwner = `:${second.child.pid}:`;
  await waitFor(
    'the survivor to hold every number',
    async () =>
      (await sessionsWhere((r) => r.owner?.includes(secondOwner) ?? false)) === names.length
        ? true
        : undefined,
    120_000,
  );
  const takeoverLeasedMs = performance.now() - killedAt;
  await waitFor(
    'every number ready on the survivor',
    async () =>
      (await sessionsWhere((r) => (r.owner?.includes(secondOwner) ?? false) && r.status === 'ready')) ===
      names.length
        ? true
        : undefined,
    120_000,
  );
  const takeoverReadyMs = performance.now() - killedAt;
  await settle(2000);

  const round = (ms: number) => Math.round(ms);
  result = {
    runtime: args.runtime,
    numbers: args.numbers,
    workerRssMb: {
      idle: idleMb,
      withAll: fullMb,
      perNumber: Math.round(((fullMb - idleMb) / args.numbers) * 10) / 10,
      survivorWithAll: second.rssMb() ?? 0,
    },
    claimMs: {
      median: round(median(perNumber.map((p) => p.claimMs))),
      max: round(Math.max(...perNumber.map((p) => p.claimMs))),
    },
    addToReadyMs: { median: round(median(perNumber.map((p) => p.readyMs))) },
    takeover: {
      leaseSeconds: Number(env.WORKER_LEASE_SECONDS),
      allLeasedMs: round(takeoverLeasedMs),
      allReadyMs: round(takeoverReadyMs),
    },
    steps: perNumber.map((p) => ({ ...p, claimMs: round(p.claimMs), readyMs: round(p.readyMs) })),
    measuredAt: new Date().toISOString(),
  };
} finally {
  for (const worker of workers) await worker.stop();
  await handle.close();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const rss = result.workerRssMb as {
  idle: number;
  withAll: number;
  perNumber: number;
  survivorWithAll: number;
};
const claim = result.claimMs as { median: number; max: number };
const takeover = result.takeover as { allLeasedMs: number; allReadyMs: number; leaseSeconds: number };
console.log(`\nWorker pool (${args.numbers} numbers in one worker, fake driver, runtime ${args.runtime})\n`);
printTable(
  ['figure', 'value'],
  [
    ['worker RSS, no number', `${rss.idle} MB`],
    [`worker RSS, ${args.numbers} numbers ready`, `${rss.withAll} MB`],
    ['worker RSS per number', `${rss.perNumber} MB`],
    ['add → lease claimed (median / max)', `${claim.median} / ${claim.max} ms`],
    ['add → ready, incl. scan (median)', `${(result.addToReadyMs as { median: number }).median} ms`],
    [`kill -9 → all leased by survivor (lease ${takeover.leaseSeconds} s)`, `${takeover.allLeasedMs} ms`],
    ['kill -9 → all ready on survivor', `${takeover.allReadyMs} ms`],
    ['survivor RSS with all', `${rss.survivorWithAll} MB`],
  ],
);
writeResult('pool.json', result);
