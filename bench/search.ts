/**
 * `npm run bench:search [-- --scale S]`: message search on 1,000,000 messages × S (default S = 1).
 *   - loads the messages (Spanish customer/operator chatter with names, codes and a few rare words) into a
 *     fresh database, then builds the search indexes (migrations 0011, 0015) and reports their size and build time;
 *   - p50/p95 of searchMessages (the API's verb: page of 30, grouped, ts_headline marked) for common and rare
 *     words, a prefix, a name, a phrase, a partial number, with filters and across all numbers, next to the
 *     page's SQL alone (lib/whatsapp/search-page.ts) and the one-statement query PostgreSQL plans by itself;
 *   - ingest with the search indexes on: the worker's ingestBatch path and a raw multi-row INSERT, against the
 *     raw INSERT with the search indexes dropped (the ingest bench's baseline); target ≥ 0.5×. And the
 *     processors' update, which is where a live message now gets indexed.
 */
import { sql as dsql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { loadConfig } from '../lib/config';
import { createDb } from '../lib/db';
import { ingestBatch } from '../lib/whatsapp/ingest';
import { markMessagesProcessed } from '../lib/whatsapp/message-processing';
import {
  type SearchMessagesInput,
  searchConditions,
  searchMessages,
  searchMessagesInput,
} from '../lib/whatsapp/search-messages';
import { pageOfMatches } from '../lib/whatsapp/search-page';
import { ensureSession } from '../lib/whatsapp/sessions/lease';
import { benchDatabase, incomingMessages, rawMessageRow, table, writeResult } from './support';

function argScale(): number {
  const i = process.argv.indexOf('--scale');
  if (i === -1) return 1;
  const value = Number(process.argv[i + 1]);
  if (!(value > 0 && value <= 10)) {
    console.error('--scale must be a number in (0, 10]');
    process.exit(2);
  }
  return value;
}

const SCALE = argScale();
const N = Math.round(1_000_000 * SCALE);
const CHATS = Math.max(50, Math.round(2000 * SCALE));
const RUNS = 30;
const INGEST_SAMPLE = Math.min(N, 50_000);
/** The worker's batch (IngestBuffer's INGEST_BATCH_SIZE default). */
const BATCH = loadConfig({ ...process.env, LOG_LEVEL: 'silent' }).INGEST_BATCH_SIZE;

const db = await benchDatabase('search');
const handle = createDb(db.url, { max: 4 });
const { sql } = handle;
const session = await ensureSession(handle.db, 'bench');

const SEARCH_INDEXES = {
  whatsapp_messages_search_idx:
    'using gin (tuki_message_tsv(body)) where system = false and processed_at is not null',
  whatsapp_messages_body_trgm_idx:
    'using gin (tuki_unaccent(body) gin_trgm_ops) where system = false and processed_at is not null',
  whatsapp_messages_search_time_idx: '(timestamp desc, id desc) where system = false',
};
const dropIndexes = async () => {
  for (const name of Object.keys(SEARCH_INDEXES)) await sql.unsafe(`drop index if exists ${name}`);
};
const createIndexes = async () => {
  for (const [name, def] of Object.entries(SEARCH_INDEXES))
    await sql.unsafe(`create index ${name} on whatsapp_messages ${def}`);
};

// 1. The corpus, loaded without the search indexes (a bulk load), then indexed.
await sql`
  insert into whatsapp_chats (session_id, wa_id, is_group, name)
  select ${session.id}, '569' || lpad(g::text, 8, '0') || '@c.us', false,
    (array['Camila Rojas','Ignacio Vera','Valentina Soto','Matías Muñoz','Sofía Díaz','Benjamín Pérez'])[1 + g % 6] || ' ' || g
  from generate_series(1, ${CHATS}) g`;
await dropIndexes();
const loadStart = performance.now();
for (let from = 1; from <= N; from += 100_000) {
  const to = Math.min(N, from + 99_999);
  // Bodies from a fixed vocabulary, deterministic per row; one row in 100,000 mentions "zeppelin" (rare).
  await sql`
    insert into whatsapp_messages (session_id, chat_id, protocol_id, from_me, serialized_id, sender_wid, body, type, timestamp, ack, processed_at)
    select ${session.id}, c.id, 'B' || g, g % 3 = 0, 'S' || g, null,
      (array['Hola','Buenas tardes','Buenos días','Estimados','Hola equipo'])[1 + g % 5] || ', ' ||
      (array['consulto por la reserva','quería confirmar la reunión','les envío el voucher','¿tienen disponibilidad para','gracias por la información de'])[1 + (g / 5) % 5] || ' ' ||
      (array['Torres del Paine','Puerto Varas','San Pedro de Atacama','Chiloé','Pucón','Valle del Elqui'])[1 + (g / 25) % 6] || ' para ' ||
      (1 + g % 8) || ' personas, código RES-' || lpad((g % 99991)::text, 5, '0') ||
      case when g % 7 = 0 then '. Saludos, ' || (array['Camila','Ignacio','Valentina','Matías','Sofía','Benjamín'])[1 + (g / 7) % 6] else '' end ||
      case when g % 100000 = 4242 then ' (llegamos en zeppelin)' else '' end,
      'chat', now() - (${N} - g) * interval '1 second', 0, now()
    from generate_series(${from}::int, ${to}::int) g
    join whatsapp_chats c on c.session_id = ${session.id} and c.wa_id = '569' || lpad((1 + g % ${CHATS})::text, 8, '0') || '@c.us'`;
}
const loadSeconds = (performance.now() - loadStart) / 1000;
const indexStart = performance.now();
await createIndexes();
const indexSeconds = (performance.now() - indexStart) / 1000;
await sql`analyze whatsapp_messages`;
const [sizes] = await sql<{ table: number; fts: number; trgm: number; time: number }[]>`
  select pg_relation_size('whatsapp_messages')::float8 as table,
    pg_relation_size('whatsapp_messages_search_idx')::float8 as fts,
    pg_relation_size('whatsapp_messages_body_trgm_idx')::float8 as trgm,
    pg_relation_size('whatsapp_messages_search_time_idx')::float8 as time`;

// 2. Queries: the verb (what the API answers) and the bare match in SQL, alternating, same run.
const [firstChat] = await sql<{ id: string }[]>`select id::text from whatsapp_chats order by id limit 1`;
const recent = new Date(Date.now() - 3 * 86_400_000);
const one = { sessionId: session.id };
const QUERIES: [string, SearchMessagesInput][] = [
  ['common word', { ...one, q: 'reserva' }],
  ['rare word', { ...one, q: 'zeppelin' }],
  ['prefix', { ...one, q: 'dispon*' }],
  ['name', { ...one, q: 'Valentina' }],
  ['phrase', { ...one, q: '"torres del paine"' }],
  ['partial number', { ...one, q: '4242' }],
  ['common word, ours only', { ...one, q: 'reserva', from: 'us' }],
  ['rare word, last 3 days', { ...one, q: 'zeppelin', after: recent }],
  ['name, one chat', { ...one, q: 'Valentina', chatId: Number(firstChat!.id) }],
  ['common word, all numbers', { q: 'reserva' }],
  ['rare word, all numbers', { q: 'zeppelin' }],
];
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (v: number) => `${v.toFixed(1)} ms`;
const queryResults: Record<string, unknown>[] = [];
const aloneSql = postgres(db.url, { max: 1, onnotice: () => {}, connection: { statement_timeout: 30_000 } });
const alone = drizzle(aloneSql);
for (const [label, input] of QUERIES) {
  const conditions = searchConditions(searchMessagesInput.parse({ ...input, limit: 30 }))!;
  const where = dsql.join(
    [...conditions.filters, dsql`(${dsql.join(conditions.matches, dsql` or `)})`],
    dsql` and `,
  );
  const verb: number[] = [];
  const direct: number[] = [];
  let hits = 0;
  for (let i = 0; i < RUNS + 2; i++) {
    let t = performance.now();
    const page = await searchMessages(handle.db, { ...input, limit: 30 });
    const verbMs = performance.now() - t;
    hits = page.groups.reduce((n, g) => n + g.hits.length, 0);
    // The same page's ids as SQL alone: the statements the verb runs for it, without marking or grouping.
    t = performance.now();
    await pageOfMatches(handle.db, { ...conditions, limit: 30 });
    const directMs = performance.now() - t;
    // The first two runs warm the caches and plans.
    if (i >= 2) {
      verb.push(verbMs);
      direct.push(directMs);
    }
  }
  // What PostgreSQL does with the one-statement query left to its own plan (the query before this bench's
  // strategy), one run, stopped at 30 s.
  const t = performance.now();
  const single = await alone
    .execute(dsql`select m.id from whatsapp_messages m where ${where}
      order by m.timestamp desc, m.id desc limit 31`)
    .then(() => performance.now() - t)
    .catch(() => null);
  const [count] = await handle.db.execute<{ n: number }>(
    dsql`select count(*)::int as n from whatsapp_messages m where ${where}`,
  );
  queryResults.push({
    label,
    q: input.q,
    matches: count?.n ?? 0,
    pageHits: hits,
    p50Ms: Number(pct(verb, 50).toFixed(2)),
    p95Ms: Number(pct(verb, 95).toFixed(2)),
    sqlP50Ms: Number(pct(direct, 50).toFixed(2)),
    sqlP95Ms: Number(pct(direct, 95).toFixed(2)),
    singleStatementMs: single === null ? null : Number(single.toFixed(1)),
  });
}

await aloneSql.end();

// 3. Ingest with the indexes on vs the raw INSERT baseline (same rows, same database).
const sample = (prefix: string) => incomingMessages(prefix, INGEST_SAMPLE, { chats: CHATS, firstChat: 1 });
const chatIdOf = new Map(
  (await sql<{ id: string; wa_id: string }[]>`select id::text, wa_id from whatsapp_chats`).map((c) => [
    c.wa_id,
    Number(c.id),
  ]),
);
async function rawInsert(prefix: string): Promise<number> {
  const rows = sample(prefix);
  const start = performance.now();
  for (let i = 0; i < rows.length; i += 1000)
    await sql`insert into whatsapp_messages ${sql(
      rows.slice(i, i + 1000).map((m) => rawMessageRow(m, session.id, chatIdOf.get(m.chatId)!)),
    )} on conflict do nothing`;
  return INGEST_SAMPLE / ((performance.now() - start) / 1000);
}
async function ourIngest(prefix: string): Promise<number> {
  const rows = sample(prefix);
  const start = performance.now();
  for (let i = 0; i < rows.length; i += BATCH)
    await ingestBatch(sql, session.id, {
      messages: rows.slice(i, i + BATCH).map((message) => ({ message, source: 'live' as const })),
      acks: [],
      edits: [],
      revokes: [],
    });
  return INGEST_SAMPLE / ((performance.now() - start) / 1000);
}
// A live message is indexed for search when the processors mark it processed (migration 0015), so that
// update is timed too: without the search indexes and with them, 500 messages a statement as the worker does.
async function processAll(prefix: string): Promise<number> {
  const ids = (
    await sql<{ id: string }[]>`select id::text from whatsapp_messages where protocol_id like ${`${prefix}%`}`
  ).map((r) => Number(r.id));
  const start = performance.now();
  for (let i = 0; i < ids.length; i += 500) await markMessagesProcessed(sql, ids.slice(i, i + 500));
  return ids.length / ((performance.now() - start) / 1000);
}
await dropIndexes();
const rawWithout = await rawInsert('RAWA');
const processWithout = await processAll('RAWA');
const oursWithout = await ourIngest('OURA');
await createIndexes();
const rawWith = await rawInsert('RAWB');
const oursWith = await ourIngest('OURS');
const processWith = await processAll('OURS');

await handle.close();
await db.drop();

const mb = (bytes: number) => Math.round(bytes / 1048576);
const result = {
  messages: N,
  chats: CHATS,
  runsPerQuery: RUNS,
  loadSeconds: Number(loadSeconds.toFixed(1)),
  indexBuildSeconds: Number(indexSeconds.toFixed(1)),
  tableMb: mb(sizes!.table),
  ftsIndexMb: mb(sizes!.fts),
  trigramIndexMb: mb(sizes!.trgm),
  timeIndexMb: mb(sizes!.time),
  queries: queryResults,
  ingestSample: INGEST_SAMPLE,
  rawInsertWithoutSearchIndexesPerSecond: Math.round(rawWithout),
  rawInsertWithSearchIndexesPerSecond: Math.round(rawWith),
  ingestWithoutSearchIndexesPerSecond: Math.round(oursWithout),
  ingestWithSearchIndexesPerSecond: Math.round(oursWith),
  ingestRatioToRawWithoutIndexes: Number((oursWith / rawWithout).toFixed(3)),
  processingWithoutSearchIndexesPerSecond: Math.round(processWithout),
  processingWithSearchIndexesPerSecond: Math.round(processWith),
  measuredAt: new Date().toISOString(),
};
console.log(`\nSearch benchmark (${N.toLocaleString('en')} messages in ${CHATS} chats)\n`);
table([
  ['load (no search indexes)', `${result.loadSeconds} s`],
  ['index build (FTS + trigram + time)', `${result.indexBuildSeconds} s`],
  [
    'table / FTS / trigram / time index',
    `${result.tableMb} / ${result.ftsIndexMb} / ${result.trigramIndexMb} / ${result.timeIndexMb} MB`,
  ],
  ...queryResults.map(
    (r) =>
      [
        `${r.label} ${r.q} (${r.matches} matches)`,
        `p50 ${ms(r.p50Ms as number)}, p95 ${ms(r.p95Ms as number)}; SQL p50 ${ms(r.sqlP50Ms as number)}, p95 ${ms(r.sqlP95Ms as number)}; one statement ${r.singleStatementMs === null ? '> 30 s' : ms(r.singleStatementMs as number)}`,
      ] as [string, string],
  ),
  [
    'raw INSERT, no search indexes',
    `${result.rawInsertWithoutSearchIndexesPerSecond.toLocaleString('en')} msg/s`,
  ],
  [
    'raw INSERT, search indexes on',
    `${result.rawInsertWithSearchIndexesPerSecond.toLocaleString('en')} msg/s`,
  ],
  [
    'ingestBatch, without / with search indexes',
    `${result.ingestWithoutSearchIndexesPerSecond.toLocaleString('en')} / ${result.ingestWithSearchIndexesPerSecond.toLocaleString('en')} msg/s (batches of ${BATCH})`,
  ],
  ['ratio to raw INSERT without them', `${result.ingestRatioToRawWithoutIndexes} (target ≥ 0.5)`],
  [
    'marking processed (indexes it), without / with',
    `${result.processingWithoutSearchIndexesPerSecond.toLocaleString('en')} / ${result.processingWithSearchIndexesPerSecond.toLocaleString('en')} msg/s`,
  ],
]);
writeResult('search.json', result);
console.log('\nwritten to bench/results/search.json');
