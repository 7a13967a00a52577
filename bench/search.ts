/**
 * `npm run bench:search [-- --scale S]`: message search on 1,000,000 messages × S (default S = 1).
 *   - loads the messages (Spanish customer/operator chatter with names, codes and a few rare words) into a
 *     fresh database, then builds the search indexes of migration 0009 and reports their size and build time;
 *   - p50/p95 of searchMessages (the API's verb: page of 30, grouped, ts_headline marked) for a common word, a
 *     rare word, a prefix and a name, next to the same match as one direct SQL statement (ids only);
 *   - ingest with the search indexes on: the worker's ingestBatch path and a raw multi-row INSERT, against the
 *     raw INSERT with the search indexes dropped (the ingest bench's baseline); target ≥ 0.5×.
 */
import { sql as dsql } from 'drizzle-orm';
import { createDb } from '../lib/db';
import type { MessageDto } from '../lib/whatsapp/dto';
import { ingestBatch } from '../lib/whatsapp/ingest';
import { searchMessages } from '../lib/whatsapp/search-messages';
import { parseSearchQuery, toTsQuery } from '../lib/whatsapp/search-query';
import { ensureSession } from '../lib/whatsapp/sessions/lease';
import { benchDatabase, table, writeResult } from './support';

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

const db = await benchDatabase('search');
const handle = createDb(db.url, { max: 4 });
const { sql } = handle;
const session = await ensureSession(handle.db, 'bench');

const SEARCH_INDEXES = {
  whatsapp_messages_search_idx: 'using gin (tuki_message_tsv(body)) where system = false',
  whatsapp_messages_body_trgm_idx: 'using gin (tuki_unaccent(body) gin_trgm_ops) where system = false',
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
    insert into whatsapp_messages (session_id, chat_id, protocol_id, from_me, serialized_id, sender_wid, body, type, timestamp, ack)
    select ${session.id}, c.id, 'B' || g, g % 3 = 0, 'S' || g, null,
      (array['Hola','Buenas tardes','Buenos días','Estimados','Hola equipo'])[1 + g % 5] || ', ' ||
      (array['consulto por la reserva','quería confirmar la reunión','les envío el voucher','¿tienen disponibilidad para','gracias por la información de'])[1 + (g / 5) % 5] || ' ' ||
      (array['Torres del Paine','Puerto Varas','San Pedro de Atacama','Chiloé','Pucón','Valle del Elqui'])[1 + (g / 25) % 6] || ' para ' ||
      (1 + g % 8) || ' personas, código RES-' || lpad((g % 99991)::text, 5, '0') ||
      case when g % 7 = 0 then '. Saludos, ' || (array['Camila','Ignacio','Valentina','Matías','Sofía','Benjamín'])[1 + (g / 7) % 6] else '' end ||
      case when g % 100000 = 4242 then ' (llegamos en zeppelin)' else '' end,
      'chat', now() - (${N} - g) * interval '1 second', 0
    from generate_series(${from}::int, ${to}::int) g
    join whatsapp_chats c on c.session_id = ${session.id} and c.wa_id = '569' || lpad((1 + g % ${CHATS})::text, 8, '0') || '@c.us'`;
}
const loadSeconds = (performance.now() - loadStart) / 1000;
const indexStart = performance.now();
await createIndexes();
const indexSeconds = (performance.now() - indexStart) / 1000;
await sql`analyze whatsapp_messages`;
const [sizes] = await sql<{ table: number; fts: number; trgm: number }[]>`
  select pg_relation_size('whatsapp_messages')::float8 as table,
    pg_relation_size('whatsapp_messages_search_idx')::float8 as fts,
    pg_relation_size('whatsapp_messages_body_trgm_idx')::float8 as trgm`;

// 2. Queries: the verb (what the API answers) and the bare match in SQL, alternating, same run.
const QUERIES = [
  ['common word', 'reserva'],
  ['rare word', 'zeppelin'],
  ['prefix', 'dispon*'],
  ['name', 'Valentina'],
] as const;
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (v: number) => `${v.toFixed(1)} ms`;
const queryResults: Record<string, unknown>[] = [];
for (const [label, q] of QUERIES) {
  const parsed = parseSearchQuery(q);
  const tsq = toTsQuery(parsed)!;
  const like = parsed.substring ? `%${parsed.substring}%` : null;
  const match = like
    ? dsql`(tuki_message_tsv(body) @@ (${tsq}) or tuki_unaccent(body) like tuki_unaccent(${like}))`
    : dsql`tuki_message_tsv(body) @@ (${tsq})`;
  const verb: number[] = [];
  const direct: number[] = [];
  let hits = 0;
  for (let i = 0; i < RUNS + 2; i++) {
    let t = performance.now();
    const page = await searchMessages(handle.db, { sessionId: session.id, q, limit: 30 });
    const verbMs = performance.now() - t;
    hits = page.groups.reduce((n, g) => n + g.hits.length, 0);
    t = performance.now();
    await handle.db.execute(dsql`select id from whatsapp_messages
      where not system and session_id = ${session.id} and ${match}
      order by timestamp desc, id desc limit 31`);
    const directMs = performance.now() - t;
    // The first two runs warm the caches and plans.
    if (i >= 2) {
      verb.push(verbMs);
      direct.push(directMs);
    }
  }
  const [count] = await handle.db.execute<{ n: number }>(
    dsql`select count(*)::int as n from whatsapp_messages where not system and ${match}`,
  );
  queryResults.push({
    label,
    q,
    matches: count?.n ?? 0,
    pageHits: hits,
    p50Ms: Number(pct(verb, 50).toFixed(2)),
    p95Ms: Number(pct(verb, 95).toFixed(2)),
    sqlP50Ms: Number(pct(direct, 50).toFixed(2)),
    sqlP95Ms: Number(pct(direct, 95).toFixed(2)),
  });
}

// 3. Ingest with the indexes on vs the raw INSERT baseline (same rows, same database).
const sample = (prefix: string): MessageDto[] => {
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: INGEST_SAMPLE }, (_, i) => {
    const chatId = `569${String(1 + (i % CHATS)).padStart(8, '0')}@c.us`;
    const protocolId = `${prefix}${i.toString(16).toUpperCase().padStart(12, '0')}`;
    return {
      protocolId,
      fromMe: false,
      serializedId: `false_${chatId}_${protocolId}`,
      chatId,
      senderWid: chatId,
      body: `Hola, consulto por la reserva RES-${(i % 9999).toString().padStart(4, '0')} para ${i % 8} personas`,
      type: 'chat',
      timestamp: now + i,
      ack: 0,
      hasMedia: false,
      isForwarded: false,
      isStatus: false,
      quotedProtocolId: null,
    };
  });
};
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
      rows.slice(i, i + 1000).map((m) => ({
        session_id: session.id,
        chat_id: chatIdOf.get(m.chatId)!,
        protocol_id: m.protocolId,
        from_me: m.fromMe,
        serialized_id: m.serializedId,
        sender_wid: m.senderWid,
        body: m.body,
        type: m.type,
        timestamp: new Date(m.timestamp * 1000).toISOString(),
        ack: m.ack,
      })),
    )} on conflict do nothing`;
  return INGEST_SAMPLE / ((performance.now() - start) / 1000);
}
async function ourIngest(prefix: string): Promise<number> {
  const rows = sample(prefix);
  const start = performance.now();
  for (let i = 0; i < rows.length; i += 500)
    await ingestBatch(sql, session.id, {
      messages: rows.slice(i, i + 500).map((message) => ({ message, source: 'live' as const })),
      acks: [],
      edits: [],
      revokes: [],
    });
  return INGEST_SAMPLE / ((performance.now() - start) / 1000);
}
await dropIndexes();
const rawWithout = await rawInsert('RAWA');
await createIndexes();
const rawWith = await rawInsert('RAWB');
const oursWith = await ourIngest('OURS');

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
  queries: queryResults,
  ingestSample: INGEST_SAMPLE,
  rawInsertWithoutSearchIndexesPerSecond: Math.round(rawWithout),
  rawInsertWithSearchIndexesPerSecond: Math.round(rawWith),
  ingestWithSearchIndexesPerSecond: Math.round(oursWith),
  ingestRatioToRawWithoutIndexes: Number((oursWith / rawWithout).toFixed(3)),
  measuredAt: new Date().toISOString(),
};
console.log(`\nSearch benchmark (${N.toLocaleString('en')} messages in ${CHATS} chats)\n`);
table([
  ['load (no search indexes)', `${result.loadSeconds} s`],
  ['index build (FTS + trigram)', `${result.indexBuildSeconds} s`],
  [
    'table / FTS index / trigram index',
    `${result.tableMb} / ${result.ftsIndexMb} / ${result.trigramIndexMb} MB`,
  ],
  ...queryResults.map(
    (r) =>
      [
        `${r.label} "${r.q}" (${r.matches} matches)`,
        `p50 ${ms(r.p50Ms as number)}, p95 ${ms(r.p95Ms as number)}; SQL p50 ${ms(r.sqlP50Ms as number)}, p95 ${ms(r.sqlP95Ms as number)}`,
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
  ['ingestBatch, search indexes on', `${result.ingestWithSearchIndexesPerSecond.toLocaleString('en')} msg/s`],
  ['ratio to raw INSERT without them', `${result.ingestRatioToRawWithoutIndexes} (target ≥ 0.5)`],
]);
writeResult('search.json', result);
console.log('\nwritten to bench/results/search.json');
