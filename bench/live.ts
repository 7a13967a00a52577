/**
 * `npm run bench:live [-- --samples 200]`: live latency through the real processes (built web app + worker on
 * the fake driver, both started here against a fresh database):
 *   1. an incoming WhatsApp message (the fake's POST /messages) → the event on a signed-in superadmin's SSE
 *      stream (/api/events);
 *   2. a send through the API (POST …/chats/{id}/messages/) → the fake's send call (its GET /sent `at`).
 * Samples are taken one at a time (a latency, not a throughput figure). The sending pace is set to its fastest
 * allowed values for the run (no per-chat gap, no jitter, 600 a minute), so what is measured is the stack, not
 * the anti-ban pacing; the send samples stay under 600 for the same reason.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../lib/audit/actor';
import { createApiKey } from '../lib/auth/api-keys';
import { createUser } from '../lib/auth/users';
import { createDb } from '../lib/db';
import { updateSettings } from '../lib/settings/settings';
import { waitFor } from '../tests/support/processes';
import {
  hasBuild,
  linkAndWaitReady,
  openSse,
  sessionCookieFor,
  startWeb,
  startWorker,
} from '../tests/support/stack';
import { intArg, parseArgs } from './lib/args';
import { type LatencySummary, printTable, summarize } from './lib/stats';
import { benchDatabase, writeResult } from './support';

const args = parseArgs(
  z.object({ samples: intArg(10, 550, 200) }),
  'npm run bench:live -- [--samples 10..550]',
);
if (!hasBuild()) {
  console.error(
    'The web app is not built: run `npm run build` first (bench:live serves the production build).',
  );
  process.exit(2);
}

const database = await benchDatabase('live');
const handle = createDb(database.url, { max: 4 });
const dataDir = mkdtempSync(path.join(tmpdir(), 'tuki-bench-live-'));
await updateSettings(
  handle.db,
  { sendingPace: { perChatMinGapMs: 0, globalPerMinute: 600, jitterMs: 0 } },
  SYSTEM_ACTOR,
);
const admin = await createUser(handle.db, {
  email: 'bench@tuki.test',
  password: 'bench-password-123',
  role: 'superadmin',
});
const { key } = await createApiKey(handle.db, { name: 'bench live', scope: 'write' }, SYSTEM_ACTOR);
const status = async () =>
  (await handle.sql<{ status: string }[]>`select status::text from whatsapp_sessions`)[0]?.status;

const worker = await startWorker(database.url, dataDir, { INGEST_BATCH_MS: '20' });
const web = await startWeb(database.url);
const results: Record<string, LatencySummary> = {};
try {
  await linkAndWaitReady(worker, status);
  const chats = Array.from({ length: 10 }, (_, i) => `5697${String(i).padStart(7, '0')}@c.us`);
  await worker.fake.chats(chats.map((id, i) => ({ id, name: `Cliente ${i}` })));
  for (const chatId of chats) await worker.fake.message({ chatId, body: 'hola' });
  const ids = await waitFor(
    'the chats to be stored',
    async () => {
      const rows = await handle.sql<{ id: string; wa_id: string }[]>`
        select id::text, wa_id from whatsapp_chats where wa_id = any(${chats})`;
      return rows.length === chats.length ? new Map(rows.map((r) => [r.wa_id, Number(r.id)])) : undefined;
    },
    20_000,
  );

  // 1. Incoming message → SSE event.
  const sse = await openSse(`${web.url}/api/events`, await sessionCookieFor(admin.id));
  const incoming: number[] = [];
  for (let i = 0; i < args.samples + 5; i++) {
    const chatId = chats[i % chats.length]!;
    const dbId = ids.get(chatId)!;
    const started = performance.now();
    await worker.fake.message({ chatId, body: `Mensaje en vivo ${i}` });
    const at = await sse.waitFor(
      (data) => {
        const event = data as { type?: string; chatIds?: number[] };
        return event.type === 'messages' && (event.chatIds ?? []).includes(dbId);
      },
      10_000,
      started,
    );
    if (i >= 5) incoming.push(at - started); // the first few warm up the path
    await new Promise((r) => setTimeout(r, 20));
  }
  sse.close();
  results.incomingToSse = summarize(incoming);

  // 2. API send → the fake's send call.
  const outgoing: number[] = [];
  const sendSamples = Math.min(args.samples, 500);
  for (let i = 0; i < sendSamples + 5; i++) {
    const chatId = chats[i % chats.length]!;
    const before = (await worker.fake.sent()).length;
    const started = Date.now();
    const res = await fetch(`${web.url}/api/v1/superadmin/whatsapp/chats/${ids.get(chatId)}/messages/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: `Respuesta ${i}` }),
    });
    if (res.status !== 202) throw new Error(`send: ${res.status} ${await res.text()}`);
    const record = await waitFor(
      'the fake to send it',
      async () => (await worker.fake.sent())[before],
      10_000,
    );
    if (i >= 5) outgoing.push(Date.parse(record.at) - started);
  }
  results.apiSendToFake = summarize(outgoing);
} finally {
  await web.stop();
  await worker.stop();
  await handle.close();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

console.log(`\nLive latency (${args.samples} samples each, one at a time; target p95 < 250 ms)\n`);
printTable(
  ['path', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'samples'],
  [
    ['incoming message → SSE event', ...row(results.incomingToSse!)],
    ['API send → fake send call', ...row(results.apiSendToFake!)],
  ],
);
writeResult('live.json', { ...results, measuredAt: new Date().toISOString() });
console.log('\nwritten to bench/results/live.json');

function row(s: LatencySummary): string[] {
  return [s.p50, s.p95, s.p99, s.max, s.count].map((n) => String(Math.round(n * 10) / 10));
}
