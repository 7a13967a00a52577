/**
 * `npm run bench:api [-- --scale 0.1 --seconds 15 --connections 32 --scaling off]`: the API under load on a
 * large dataset. Seeds (COPY) 100,000 chats, 2,000 groups, 1,000,000 messages and 5,000 experiences (× scale),
 * starts the built web app (`next start`), and drives four GET endpoints with autocannon, each for a fixed
 * time, once with API keys and once signed in (session cookie, as the dashboard calls them). Two floors are
 * measured in the same run:
 *   - `GET /api/livez` (no database, no auth): what Next itself costs per request here; every endpoint's
 *     throughput is also given as a ratio of it (`livezRatio`);
 *   - the SQL those endpoints issue (captured from the very verbs they call), replayed straight on PostgreSQL
 *     with the same concurrency and pool size.
 * Then a scaling table: chat list and history p95 with 10k, 100k and 1M messages (× scale), each on its own
 * database, to show the cost stays flat as the data grows.
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import { z } from 'zod';
import { createApiKey } from '../lib/auth/api-keys';
import { createUser } from '../lib/auth/users';
import { createDb } from '../lib/db';
import * as schema from '../lib/db/schema';
import { listExperiences } from '../lib/platform/list-experiences';
import { listChats } from '../lib/whatsapp/list-chats';
import { listMessages } from '../lib/whatsapp/list-messages';
import { findSessionByName } from '../lib/whatsapp/sessions/view';
import { hasBuild, sessionCookieFor, startWeb, type Web } from '../tests/support/stack';
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
    scaling: z.enum(['on', 'off']).default('on'),
  }),
  'npm run bench:api -- [--scale 0.001..1] [--seconds N] [--connections N] [--scaling on|off]',
);
if (!hasBuild()) {
  console.error(
    'The web app is not built: run `npm run build` first (bench:api serves the production build).',
  );
  process.exit(2);
}
/** The web app's pool size (lib/db createDb default): the direct replay gets the same. */
const POOL = 10;
/** Targets from issue 16: throughput as a share of the livez floor, p95 at 32 connections. */
const TARGETS: Record<string, { livez: number; p95: number }> = {
  'chat list': { livez: 0.4, p95: 100 },
  'chat history page': { livez: 0.4, p95: 50 },
  status: { livez: 0.6, p95: 50 },
};

type Handle = ReturnType<typeof createDb>;

/**
 * API keys are limited to 600 requests a minute each. A client uses its key over and over (so the auth cache
 * is exercised as in production): each key serves 500 requests in a row, and there are enough keys that
 * none comes round again within its minute below ~8,000 req/s.
 */
async function keyRotation(db: Handle['db'], seconds: number) {
  const perKey = 500;
  const count = Math.ceil((8000 * Math.min(60, seconds)) / perKey);
  const keys: string[] = [];
  for (let i = 0; i < count; i++)
    keys.push((await createApiKey(db, { name: `bench ${i}`, scope: 'read' }, { type: 'system' })).key);
  let sent = 0;
  return () => ({ authorization: `Bearer ${keys[Math.floor(sent++ / perKey) % keys.length]}` });
}

async function measure(web: Web, path: string, headers: () => Record<string, string>, seconds: number) {
  const url = `${web.url}${path}`;
  const check = await fetch(url, { headers: headers() });
  if (check.status !== 200) throw new Error(`${path}: ${check.status} ${await check.text()}`);
  await load({ url, connections: args.connections, seconds: 2, headers }); // warm-up
  return load({ url, connections: args.connections, seconds, headers });
}

function endpointsFor(seeded: Awaited<ReturnType<typeof seedLargeDataset>>) {
  return [
    {
      name: 'chat list',
      path: '/api/v1/superadmin/whatsapp/chats/?limit=50',
      verb: async (db: Handle['db']) => {
        const session = await findSessionByName(db, 'default');
        return listChats(db, { sessionId: session.id, order: 'recent', limit: 50 });
      },
    },
    {
      name: 'chat history page',
      path: `/api/v1/superadmin/whatsapp/chats/${seeded.busyChatId}/messages/?limit=50`,
      verb: (db: Handle['db']) => listMessages(db, { chatId: seeded.busyChatId, limit: 50 }),
    },
    {
      name: 'experiences list',
      path: '/api/v1/superadmin/whatsapp/experiences/?limit=50',
      verb: (db: Handle['db']) => listExperiences(db, { limit: 50 }),
    },
    {
      name: 'status',
      path: '/api/v1/superadmin/whatsapp/status/',
      verb: (db: Handle['db']) => findSessionByName(db, 'default'),
    },
  ];
}

async function seed(name: string, scale: number) {
  const database = await benchDatabase(name);
  const handle = createDb(database.url, { max: POOL });
  console.log(`Seeding scale ${scale} with COPY…`);
  const seeded = await seedLargeDataset(handle.sql, scale);
  console.log(
    `  ${fmt(seeded.counts.chats)} chats (${fmt(seeded.counts.groups)} groups), ${fmt(seeded.counts.messages)} messages, ` +
      `${fmt(seeded.counts.experiences)} experiences in ${fmt(seeded.seconds, 1)} s`,
  );
  return { database, handle, seeded };
}

const ratio = (a: number, b: number) => Number((a / Math.max(1, b)).toFixed(2));

const main = await seed('api', args.scale);
const keyHeader = await keyRotation(main.handle.db, 4 * args.seconds);
const admin = await createUser(main.handle.db, {
  email: 'bench-admin@tuki.test',
  password: 'bench-password-123',
  role: 'superadmin',
});
const cookie = await sessionCookieFor(admin.id);
const cookieHeader = () => ({ cookie });

const web = await startWeb(main.database.url, { LOG_LEVEL: 'warn' });
let webRssMb: number | null = null;
let livez: LoadResult;
const livezRuns: LoadResult[] = [];
const rows: {
  name: string;
  path: string;
  queries: number;
  api: LoadResult;
  cookie: LoadResult;
  sql: LoadResult;
  livezRatio: number;
  cookieLivezRatio: number;
  throughputRatio: number;
  p50Ratio: number;
}[] = [];
try {
  // The floor is measured before and after the endpoints (a shared machine drifts); the faster of the two is
  // the one ratios use, so they are never flattered by a slow floor.
  livezRuns.push(await measure(web, '/api/livez', () => ({}), args.seconds));
  const measured: Omit<(typeof rows)[number], 'livezRatio' | 'cookieLivezRatio'>[] = [];
  for (const endpoint of endpointsFor(main.seeded)) {
    const api = await measure(web, endpoint.path, keyHeader, args.seconds);
    const signedIn = await measure(web, endpoint.path, cookieHeader, args.seconds);

    // The exact statements (text and parameters) the endpoint's verb sends, replayed in the same order.
    const captured: { query: string; params: unknown[] }[] = [];
    const capturing = drizzle(main.handle.sql, {
      schema,
      logger: { logQuery: (query, params) => captured.push({ query, params }) },
    });
    await endpoint.verb(capturing);
    const replay = async () => {
      for (const q of captured) await main.handle.sql.unsafe(q.query, q.params as never[], { prepare: true });
    };
    await loadDirect({ concurrency: args.connections, seconds: 1, fn: replay }); // warm-up
    const sql = await loadDirect({ concurrency: args.connections, seconds: args.seconds, fn: replay });
    measured.push({
      name: endpoint.name,
      path: endpoint.path,
      queries: captured.length,
      api,
      cookie: signedIn,
      sql,
      throughputRatio: ratio(sql.requestsPerSecond, api.requestsPerSecond),
      p50Ratio: Number((api.latencyMs.p50 / Math.max(0.01, sql.latencyMs.p50)).toFixed(2)),
    });
  }
  livezRuns.push(await measure(web, '/api/livez', () => ({}), args.seconds));
  livez = livezRuns.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
  for (const row of measured)
    rows.push({
      ...row,
      livezRatio: ratio(row.api.requestsPerSecond, livez.requestsPerSecond),
      cookieLivezRatio: ratio(row.cookie.requestsPerSecond, livez.requestsPerSecond),
    });
} finally {
  webRssMb = web.rssMb();
  await web.stop();
  await main.handle.close();
  await main.database.drop();
}

// Chat list and history p95 as the data grows: 10k and 100k messages (× scale) on their own databases; the
// largest point is the main run above.
const scaling: { messages: number; chats: number; chatListP95: number; historyP95: number }[] = [];
if (args.scaling === 'on') {
  for (const factor of [0.01, 0.1]) {
    const point = await seed(`api_scaling_${String(factor).replace('.', '_')}`, args.scale * factor);
    const headers = await keyRotation(point.handle.db, 2 * args.seconds);
    const pointWeb = await startWeb(point.database.url, { LOG_LEVEL: 'warn' });
    try {
      const [chatList, history] = endpointsFor(point.seeded);
      const list = await measure(pointWeb, chatList!.path, headers, args.seconds);
      const page = await measure(pointWeb, history!.path, headers, args.seconds);
      scaling.push({
        messages: point.seeded.counts.messages,
        chats: point.seeded.counts.chats,
        chatListP95: list.latencyMs.p95,
        historyP95: page.latencyMs.p95,
      });
    } finally {
      await pointWeb.stop();
      await point.handle.close();
      await point.database.drop();
    }
  }
}
scaling.push({
  messages: main.seeded.counts.messages,
  chats: main.seeded.counts.chats,
  chatListP95: rows[0]!.api.latencyMs.p95,
  historyP95: rows[1]!.api.latencyMs.p95,
});

console.log(
  `\nAPI under load: ${args.connections} connections, ${args.seconds} s per run, scale ${args.scale}` +
    `\n  floor: GET /api/livez ${fmt(livez!.requestsPerSecond)} req/s, p50 ${fmt(livez!.latencyMs.p50, 1)} ms, ` +
    `p95 ${fmt(livez!.latencyMs.p95, 1)} ms, p99 ${fmt(livez!.latencyMs.p99, 1)} ms ` +
    `(runs before / after the endpoints: ${livezRuns.map((r) => fmt(r.requestsPerSecond)).join(' / ')} req/s)\n`,
);
printTable(
  [
    'endpoint',
    'auth',
    'req/s',
    '÷ livez',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'non-2xx',
    'SQL req/s',
    'SQL p50',
    'SQL/API req/s',
  ],
  rows.flatMap((r) =>
    (
      [
        ['API key', r.api, r.livezRatio],
        ['cookie', r.cookie, r.cookieLivezRatio],
      ] as const
    ).map(([auth, run, livezShare], i) => [
      i === 0 ? r.name : '',
      auth,
      fmt(run.requestsPerSecond),
      `${livezShare}×`,
      fmt(run.latencyMs.p50, 1),
      fmt(run.latencyMs.p95, 1),
      fmt(run.latencyMs.p99, 1),
      fmt(run.non2xx + run.errors),
      i === 0 ? fmt(r.sql.requestsPerSecond) : '',
      i === 0 ? fmt(r.sql.latencyMs.p50, 1) : '',
      i === 0 ? `${r.throughputRatio}×` : '',
    ]),
  ),
);
console.log('\n  targets (API key runs):');
for (const r of rows) {
  const target = TARGETS[r.name];
  if (!target) continue;
  const share = r.livezRatio >= target.livez ? 'met' : 'NOT met';
  const p95 = r.api.latencyMs.p95 < target.p95 ? 'met' : 'NOT met';
  console.log(
    `    ${r.name}: ${r.livezRatio}× livez (target ≥ ${target.livez}×: ${share}); ` +
      `p95 ${fmt(r.api.latencyMs.p95, 1)} ms (target < ${target.p95} ms: ${p95})`,
  );
}
console.log('\n  scaling (API key, p95 ms; the target is flat):');
printTable(
  ['messages', 'chats', 'chat list p95', 'history p95'],
  scaling.map((p) => [fmt(p.messages), fmt(p.chats), fmt(p.chatListP95, 1), fmt(p.historyP95, 1)]),
);
console.log(`\n  web server RSS after the load: ${webRssMb ?? '?'} MB`);
writeResult('api.json', {
  scale: args.scale,
  seconds: args.seconds,
  connections: args.connections,
  pool: POOL,
  seeded: { ...main.seeded.counts, seedSeconds: Number(main.seeded.seconds.toFixed(1)) },
  livez: livez!,
  livezRuns,
  endpoints: rows,
  scaling,
  webRssMb,
  measuredAt: new Date().toISOString(),
});
console.log('\nwritten to bench/results/api.json');
