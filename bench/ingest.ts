/**
 * `npm run bench:ingest [-- --messages N]`: N messages (default 200,000) emitted by the fake driver (each
 * incoming message twice, as whatsapp-web.js does) through the worker's real ingest path (IngestBuffer →
 * ingestBatch), against two baselines measured in the same run on the same database and rows:
 *   - raw: multi-row INSERT … ON CONFLICT DO NOTHING, 1,000 rows a statement (the database's limit);
 *   - per-message: one transaction per message (the original webhook-per-message design).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../lib/config';
import { createDb } from '../lib/db';
import { createLogger } from '../lib/log';
import { ensureSession } from '../lib/whatsapp/sessions/lease';
import { IngestBuffer } from '../worker/ingest/ingest-buffer';
import { FakeDriver } from '../worker/whatsapp/fake/fake-driver';
import { FakeWorld } from '../worker/whatsapp/fake/fake-world';
import { argNumber, benchDatabase, incomingMessages, rawMessageRow, table, writeResult } from './support';

const N = argNumber('messages', 200_000);
const PER_MESSAGE_SAMPLE = Math.min(N, argNumber('per-message-sample', 10_000));
const CHATS = 500;
const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });

const messages = (prefix: string, count: number) => incomingMessages(prefix, count, { chats: CHATS });

const db = await benchDatabase('ingest');
const handle = createDb(db.url, { max: 6 });
const { sql } = handle;
const session = await ensureSession(handle.db, 'bench');
const reset = () => sql`truncate whatsapp_messages, whatsapp_chats cascade`;

// 1. Our path: fake driver events → buffer → ingestBatch.
const dir = mkdtempSync(path.join(tmpdir(), 'tuki-bench-'));
const world = new FakeWorld(dir);
const driver = new FakeDriver(world, { qrRotateMs: 60_000 });
const batch = messages('REAL', N);
world.record(batch); // the phone already has them; we time only emit → commit
let committed = 0;
let done: () => void = () => {};
const finished = new Promise<void>((resolve) => (done = resolve));
const buffer = new IngestBuffer({
  sql,
  sessionId: session.id,
  log: createLogger('bench', 'silent'),
  maxBatch: config.INGEST_BATCH_SIZE,
  maxDelayMs: config.INGEST_BATCH_MS,
  capacity: config.INGEST_BUFFER_CAPACITY,
  onCommitted: (result) => {
    committed += result.inserted;
    if (committed >= N) done();
  },
  onOverflowRecovered: () => {},
});
world.linked = true;
await driver.start((event) => {
  if (event.type === 'message') buffer.push({ kind: 'message', message: event.message, source: 'live' });
});
await new Promise((r) => setTimeout(r, 200)); // let the fake connect
const rssBefore = process.memoryUsage().rss;
const realStart = performance.now();
for (let i = 0; i < N; i += 1000) {
  driver.emitMessages(batch.slice(i, i + 1000));
  // WhatsApp cannot deliver 400k events in a second; keep the buffer well inside its capacity (past it, the
  // worker drops and refetches by design) so what is measured is commit throughput.
  while (buffer.size > 20_000) await new Promise((r) => setTimeout(r, 2));
  await new Promise((r) => setImmediate(r));
}
await finished;
const realSeconds = (performance.now() - realStart) / 1000;
const workerRssMb = Math.round(Math.max(process.memoryUsage().rss, rssBefore) / 1048576);
await driver.stop();
rmSync(dir, { recursive: true, force: true });
const [count] = await sql<{ n: number }[]>`select count(*)::int as n from whatsapp_messages`;
const stored = count?.n ?? 0;
if (stored !== N) throw new Error(`expected ${N} rows, found ${stored}`);

// 2. Raw multi-row insert of the same rows.
await reset();
const raw = messages('RAW', N);
const chatIds = new Map<string, number>();
for (const chat of await sql<{ id: number; wa_id: string }[]>`
  insert into whatsapp_chats (session_id, wa_id, is_group)
  select ${session.id}, 'x' || g, false from generate_series(1, ${CHATS}) g returning id::int8 as id, wa_id`) {
  chatIds.set(chat.wa_id, Number(chat.id));
}
const chatIdList = [...chatIds.values()];
const rawStart = performance.now();
for (let i = 0; i < N; i += 1000) {
  const rows = raw
    .slice(i, i + 1000)
    .map((m, j) => rawMessageRow(m, session.id, chatIdList[(i + j) % CHATS]!));
  await sql`insert into whatsapp_messages ${sql(rows)} on conflict do nothing`;
}
const rawSeconds = (performance.now() - rawStart) / 1000;

// 3. One transaction per message (sample, extrapolated as a rate).
await reset();
const single = messages('ONE', PER_MESSAGE_SAMPLE);
const oneStart = performance.now();
for (const m of single) {
  await sql.begin(async (tx) => {
    const [chat] = await tx<{ id: number }[]>`
      insert into whatsapp_chats (session_id, wa_id, is_group) values (${session.id}, ${m.chatId}, false)
      on conflict (session_id, wa_id) do update set updated_at = now() returning id::int8 as id`;
    await tx`
      insert into whatsapp_messages (session_id, chat_id, protocol_id, from_me, serialized_id, sender_wid, body, type, timestamp, ack)
      values (${session.id}, ${chat!.id}, ${m.protocolId}, false, ${m.serializedId}, ${m.senderWid}, ${m.body}, 'chat',
        ${new Date(m.timestamp * 1000).toISOString()}, 0) on conflict do nothing`;
    await tx`update whatsapp_chats set last_message_at = ${new Date(m.timestamp * 1000).toISOString()}, unread_count = unread_count + 1
      where id = ${chat!.id}`;
  });
}
const oneSeconds = (performance.now() - oneStart) / 1000;

await handle.close();
await db.drop();

const messagesPerSecond = Math.round(N / realSeconds);
const rawInsertPerSecond = Math.round(N / rawSeconds);
const perMessagePerSecond = Math.round(PER_MESSAGE_SAMPLE / oneSeconds);
const result = {
  messages: N,
  messagesPerSecond,
  rawInsertPerSecond,
  perMessagePerSecond,
  ratioToRawInsert: Number((messagesPerSecond / rawInsertPerSecond).toFixed(3)),
  ratioToPerMessage: Number((messagesPerSecond / perMessagePerSecond).toFixed(2)),
  workerRssMb,
  perMessageSample: PER_MESSAGE_SAMPLE,
  duplicateEventsPerMessage: 2,
  batchSize: config.INGEST_BATCH_SIZE,
  measuredAt: new Date().toISOString(),
};
console.log(
  `\nIngest benchmark (${N.toLocaleString('en')} messages, each emitted twice by the fake driver)\n`,
);
table([
  ['our ingest path', `${messagesPerSecond.toLocaleString('en')} msg/s`],
  ['raw multi-row INSERT', `${rawInsertPerSecond.toLocaleString('en')} msg/s`],
  [
    'one transaction per message',
    `${perMessagePerSecond.toLocaleString('en')} msg/s (sample of ${PER_MESSAGE_SAMPLE})`,
  ],
  ['ratio to raw insert', `${result.ratioToRawInsert} (target ≥ 0.5)`],
  ['ratio to per-message', `${result.ratioToPerMessage}× (target ≥ 10×)`],
  ['process RSS', `${workerRssMb} MB (includes the generated messages the bench holds)`],
]);
writeResult('ingest.json', result);
console.log('\nwritten to bench/results/ingest.json');
