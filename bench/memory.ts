/**
 * `npm run bench:memory [-- --messages 1000000 --rate 10000]`: resident memory of the two long-running
 * processes.
 *   - The worker (fake driver, so there is no Chromium to exclude) ingests N messages sent through the fake's
 *     bulk API in chunks; its RSS is sampled throughout and read again once idle. Between chunks the fake's
 *     "phone" history is cleared (POST /reset): with the real driver that history lives in WhatsApp/Chromium,
 *     not in the worker, and keeping a million fake messages in the worker's heap would measure the fake.
 *   - The web server's RSS after a load run (chat list, 32 connections) on the database the worker just
 *     filled.
 * The rate must stay below what the worker commits (see bench:ingest), else the buffer overflows by design;
 * the run checks that nothing was dropped and every message was stored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../lib/audit/actor';
import { createApiKey } from '../lib/auth/api-keys';
import { createDb } from '../lib/db';
import { ensureBundles } from '../scripts/lib/bundle';
import { freePort, waitFor } from '../tests/support/processes';
import { hasBuild, linkAndWaitReady, startWeb, startWorker } from '../tests/support/stack';
import { intArg, parseArgs } from './lib/args';
import { load } from './lib/load';
import { promValue, scrape } from './lib/prom';
import { printTable } from './lib/stats';
import { benchDatabase, writeResult } from './support';

const args = parseArgs(
  z.object({
    messages: intArg(10_000, 5_000_000, 1_000_000),
    chunk: intArg(1_000, 500_000, 20_000),
    rate: intArg(100, 100_000, 10_000),
    seconds: intArg(1, 600, 10),
    runtime: z.enum(['bundle', 'tsx']).default('bundle'),
  }),
  'npm run bench:memory -- [--messages N] [--chunk N] [--rate msg/s] [--seconds web-load-seconds] [--runtime bundle|tsx]',
);
if (!hasBuild()) {
  console.error(
    'The web app is not built: run `npm run build` first (bench:memory serves the production build).',
  );
  process.exit(2);
}
const TOKEN = 'bench-metrics-token-0123456789';

const database = await benchDatabase('memory');
const handle = createDb(database.url, { max: 2 });
const dataDir = mkdtempSync(path.join(tmpdir(), 'tuki-bench-memory-'));
const metricsPort = await freePort();
const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
// What production runs: the compiled worker (rebuilt here if its sources changed); `--runtime tsx` measures
// the sources through tsx, as development runs them.
if (args.runtime === 'bundle') await ensureBundles(process.cwd(), (line) => console.log(line));
const worker = await startWorker(
  database.url,
  dataDir,
  { WORKER_METRICS_PORT: String(metricsPort), METRICS_TOKEN: TOKEN },
  { bundle: args.runtime === 'bundle' },
);
const status = async () =>
  (await handle.sql<{ status: string }[]>`select status::text from whatsapp_sessions`)[0]?.status;
const metric = async (name: string) => promValue(await scrape(metricsUrl, TOKEN), name) ?? 0;

let result: Record<string, unknown> = {};
try {
  await linkAndWaitReady(worker, status);
  await new Promise((r) => setTimeout(r, 2000)); // let the post-ready sync settle
  const workerIdleMb = worker.rssMb() ?? 0;
  let workerPeakMb = workerIdleMb;
  const sampler = setInterval(() => {
    workerPeakMb = Math.max(workerPeakMb, worker.rssMb() ?? 0);
  }, 250);
  const started = performance.now();
  let sent = 0;
  while (sent < args.messages) {
    const count = Math.min(args.chunk, args.messages - sent);
    await worker.fake.bulk({ count, chats: 1000, rate: args.rate });
    sent += count;
    await waitFor(
      `${sent.toLocaleString('en')} messages stored`,
      async () => ((await metric('tuki_ingest_messages_stored_total')) >= sent ? true : undefined),
      Math.max(120_000, (count / args.rate) * 4000),
    );
    await worker.fake.reset();
    process.stdout.write(`  ${sent.toLocaleString('en')} stored, worker RSS ${worker.rssMb()} MB\n`);
  }
  const ingestSeconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await new Promise((r) => setTimeout(r, 5000));
  const workerAfterMb = worker.rssMb() ?? 0;
  const text = await scrape(metricsUrl, TOKEN);
  const heapUsedMb = Math.round((promValue(text, 'nodejs_heap_size_used_bytes') ?? 0) / 1048576);
  const dropped = promValue(text, 'tuki_ingest_events_dropped_total') ?? 0;
  const [stored] = await handle.sql<{ n: string }[]>`select count(*)::text as n from whatsapp_messages`;
  if (dropped > 0 || Number(stored!.n) < args.messages)
    throw new Error(`the worker dropped ${dropped} events; ${stored!.n} of ${args.messages} stored`);

  // The web server: idle, then after a load run on the filled database.
  const { key } = await createApiKey(handle.db, { name: 'bench memory', scope: 'read' }, SYSTEM_ACTOR);
  const keys = [key];
  for (let i = 0; i < 60; i++)
    keys.push((await createApiKey(handle.db, { name: `bench ${i}`, scope: 'read' }, SYSTEM_ACTOR)).key);
  let next = 0;
  const web = await startWeb(database.url);
  try {
    const webIdleMb = web.rssMb() ?? 0;
    const run = await load({
      url: `${web.url}/api/v1/superadmin/whatsapp/chats/?limit=50`,
      connections: 32,
      seconds: args.seconds,
      headers: () => ({ authorization: `Bearer ${keys[next++ % keys.length]}` }),
    });
    const webAfterLoadMb = web.rssMb() ?? 0;
    result = {
      runtime: args.runtime,
      messages: args.messages,
      rate: args.rate,
      ingestSeconds: Math.round(ingestSeconds),
      workerRssMb: { idle: workerIdleMb, peak: workerPeakMb, afterIngest: workerAfterMb },
      workerHeapUsedMb: heapUsedMb,
      webRssMb: { idle: webIdleMb, afterLoad: webAfterLoadMb },
      webLoad: { seconds: args.seconds, requests: run.requests, non2xx: run.non2xx, errors: run.errors },
      measuredAt: new Date().toISOString(),
    };
  } finally {
    await web.stop();
  }
} finally {
  await worker.stop();
  await handle.close();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

const w = result.workerRssMb as { idle: number; peak: number; afterIngest: number };
const web = result.webRssMb as { idle: number; afterLoad: number };
console.log(
  `\nMemory (${args.messages.toLocaleString('en')} messages at ${args.rate.toLocaleString('en')} msg/s; worker runtime: ${args.runtime})\n`,
);
printTable(
  ['process', 'idle MB', 'peak MB', 'after MB'],
  [
    ['worker (fake driver, no Chromium)', w.idle, w.peak, w.afterIngest],
    [`web server (after ${args.seconds} s of chat-list load)`, web.idle, '–', web.afterLoad],
  ],
);
console.log(
  `\n  worker heap used after ingest: ${result.workerHeapUsedMb} MB; ingest took ${result.ingestSeconds} s`,
);
const verdict = (value: number, target: number) =>
  `${value} MB (target < ${target} MB: ${value < target ? 'met' : 'NOT met'})`;
console.log(`  worker idle: ${verdict(w.idle, 90)}`);
console.log(`  worker after ${args.messages.toLocaleString('en')} messages: ${verdict(w.afterIngest, 150)}`);
writeResult('memory.json', result);
console.log('\nwritten to bench/results/memory.json');
