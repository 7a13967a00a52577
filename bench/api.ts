/**
 * `npm run bench:api [-- --scale 0.1 --seconds 15 --connections 32]`: the API under load on a large dataset.
 * Seeds (COPY) 100,000 chats, 2,000 groups, 1,000,000 messages and 5,000 experiences (× scale), starts the
 * built web app (`next start`), and drives four GET endpoints with autocannon, each for a fixed time with an
 * API key. In the same run the SQL those endpoints issue (captured from the very verbs they call) is replayed
 * straight on PostgreSQL with the same concurrency and pool size, so the report shows what our stack (HTTP,
 * Next, auth with its rate-limit write, zod, JSON) costs on top of the database.
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import { z } from 'zod';
import { createApiKey } from '../lib/auth/api-keys';
import { createDb } from '../lib/db';
import * as schema from '../lib/db/schema';
import { listExperiences } from '../lib/platform/list-experiences';
import { listChats } from '../lib/whatsapp/list-chats';
import { listMessages } from '../lib/whatsapp/list-messages';
import { findSessionByName } from '../lib/whatsapp/session-view';
import { hasBuild, startWeb } from '../tests/support/stack';
import { intArg, numberArg, parseArgs } from './lib/args';
import { type LoadResult, load, loadDirect } from './lib/load';
import { seedLargeDataset } from './lib/seed';
import { fmt, printTable } from './lib/stats';
import { benchDatabase, writeResult } from './support';

const args = parseArgs(
  z.object({
    scale: numberArg(0.001, 1, 1),
    seconds: intArg(1, 600, 15),
    connections: intArg(1, 512, 32),
  }),
  'npm run bench:api -- [--scale 0.001..1] [--seconds N] [--connections N]',
);
if (!hasBuild()) {
  console.error(
    'The web app is not built: run `npm run build` first (bench:api serves the production build).',
  );
  process.exit(2);
}
/** The web app's pool size (lib/db createDb default): the direct replay gets the same. */
const POOL = 10;

const database = await benchDatabase('api');
const handle = createDb(database.url, { max: POOL });
console.log(`Seeding scale ${args.scale} with COPY…`);
const seeded = await seedLargeDataset(handle.sql, args.scale);
console.log(
  `  ${fmt(seeded.counts.chats)} chats (${fmt(seeded.counts.groups)} groups), ${fmt(seeded.counts.messages)} messages, ` +
    `${fmt(seeded.counts.experiences)} experiences in ${fmt(seeded.seconds, 1)} s`,
);

// API keys are limited to 600 requests a minute each: rotate through enough of them that none runs out.
const keyCount = Math.min(3000, Math.ceil((8000 * Math.min(60, 4 * args.seconds)) / 550));
const keys: string[] = [];
for (let i = 0; i < keyCount; i++)
  keys.push((await createApiKey(handle.db, { name: `bench ${i}`, scope: 'read' }, { type: 'system' })).key);
let next = 0;
const keyHeader = () => ({ authorization: `Bearer ${keys[next++ % keys.length]}` });

const endpoints = [
  {
    name: 'chat list',
    path: '/api/v1/superadmin/whatsapp/chats/?limit=50',
    verb: async (db: typeof handle.db) => {
      const session = await findSessionByName(db, 'default');
      return listChats(db, { sessionId: session.id, order: 'recent', limit: 50 });
    },
  },
  {
    name: 'chat history page',
    path: `/api/v1/superadmin/whatsapp/chats/${seeded.busyChatId}/messages/?limit=50`,
    verb: (db: typeof handle.db) => listMessages(db, { chatId: seeded.busyChatId, limit: 50 }),
  },
  {
    name: 'experiences list',
    path: '/api/v1/superadmin/whatsapp/experiences/?limit=50',
    verb: (db: typeof handle.db) => listExperiences(db, { limit: 50 }),
  },
  {
    name: 'status',
    path: '/api/v1/superadmin/whatsapp/status/',
    verb: (db: typeof handle.db) => findSessionByName(db, 'default'),
  },
];

const web = await startWeb(database.url, { LOG_LEVEL: 'warn' });
let webRssMb: number | null = null;
const rows: {
  name: string;
  path: string;
  queries: number;
  api: LoadResult;
  sql: LoadResult;
  throughputRatio: number;
  p50Ratio: number;
}[] = [];
try {
  for (const endpoint of endpoints) {
    const url = `${web.url}${endpoint.path}`;
    const check = await fetch(url, { headers: keyHeader() });
    if (check.status !== 200) throw new Error(`${endpoint.path}: ${check.status} ${await check.text()}`);
    await load({ url, connections: args.connections, seconds: 2, headers: keyHeader }); // warm-up
    const api = await load({ url, connections: args.connections, seconds: args.seconds, headers: keyHeader });

    // The exact statements (text and parameters) the endpoint's verb sends, replayed in the same order.
    const captured: { query: string; params: unknown[] }[] = [];
    const capturing = drizzle(handle.sql, {
      schema,
      logger: { logQuery: (query, params) => captured.push({ query, params }) },
    });
    await endpoint.verb(capturing);
    const replay = async () => {
      for (const q of captured) await handle.sql.unsafe(q.query, q.params as never[], { prepare: true });
    };
    await loadDirect({ concurrency: args.connections, seconds: 1, fn: replay }); // warm-up
    const sql = await loadDirect({ concurrency: args.connections, seconds: args.seconds, fn: replay });
    rows.push({
      name: endpoint.name,
      path: endpoint.path,
      queries: captured.length,
      api,
      sql,
      throughputRatio: Number((sql.requestsPerSecond / Math.max(1, api.requestsPerSecond)).toFixed(2)),
      p50Ratio: Number((api.latencyMs.p50 / Math.max(0.01, sql.latencyMs.p50)).toFixed(2)),
    });
  }
} finally {
  webRssMb = web.rssMb();
  await web.stop();
  await handle.close();
  await database.drop();
}

console.log(
  `\nAPI under load: ${args.connections} connections, ${args.seconds} s per endpoint, scale ${args.scale}\n`,
);
printTable(
  [
    'endpoint',
    'API req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'non-2xx',
    'SQL req/s',
    'SQL p50',
    'SQL p95',
    'SQL/API req/s',
    'API/SQL p50',
  ],
  rows.map((r) => [
    r.name,
    fmt(r.api.requestsPerSecond),
    fmt(r.api.latencyMs.p50, 1),
    fmt(r.api.latencyMs.p95, 1),
    fmt(r.api.latencyMs.p99, 1),
    fmt(r.api.non2xx + r.api.errors),
    fmt(r.sql.requestsPerSecond),
    fmt(r.sql.latencyMs.p50, 1),
    fmt(r.sql.latencyMs.p95, 1),
    `${r.throughputRatio}×`,
    `${r.p50Ratio}×`,
  ]),
);
console.log(
  `\n  web server RSS after the load: ${webRssMb ?? '?'} MB; target: chat list and history p95 < 50 ms`,
);
writeResult('api.json', {
  scale: args.scale,
  seconds: args.seconds,
  connections: args.connections,
  pool: POOL,
  seeded: { ...seeded.counts, seedSeconds: Number(seeded.seconds.toFixed(1)) },
  endpoints: rows,
  webRssMb,
  measuredAt: new Date().toISOString(),
});
console.log('\nwritten to bench/results/api.json');
