/**
 * `npm run bench:ui [-- --chats 50000 --samples 20]` (needs `npm run build` first; uses the system Chromium):
 *   - first-load JavaScript per page (gzip), from what the browser actually downloads;
 *   - time to the first painted chat-list row with `--chats` chats stored;
 *   - a fake incoming message → its row updated in an open chat list, p50/p95.
 * Printed and written to bench/results/ui.json. Not a test: no thresholds.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { z } from 'zod';
import { createDb } from '../lib/db';
import { CHROMIUM_ARGS } from '../worker/whatsapp/webjs/find-chromium';
import { intArg, parseArgs } from './lib/args';
import { fmt, printTable, summarize } from './lib/stats';
import { benchDatabase, writeResult } from './support';

const options = parseArgs(
  z.object({ chats: intArg(100, 500_000, 50_000), samples: intArg(3, 500, 20) }),
  'npm run bench:ui -- [--chats N] [--samples N]',
);
const PORT = 3160;
const FAKE = 3161;
const ADMIN = { email: 'bench@tuki.test', password: 'bench-password-123' };
const base = `http://127.0.0.1:${PORT}`;
const FAKE_TOKEN = 'bench-fake-wa-token-0123456789';
const fake = (route: string, body: unknown) =>
  fetch(`http://127.0.0.1:${FAKE}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${FAKE_TOKEN}` },
    body: JSON.stringify(body),
  });
const until = async (what: string, probe: () => Promise<boolean>, ms = 120_000) => {
  const deadline = Date.now() + ms;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
};

const db = await benchDatabase('ui');
const dataDir = mkdtempSync(path.join(tmpdir(), 'tuki-bench-ui-'));
let server: ChildProcess | undefined;
try {
  server = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      PORT: String(PORT),
      FAKE_WA_PORT: String(FAKE),
      FAKE_WA_TOKEN: FAKE_TOKEN,
      WA_DRIVER: 'fake',
      DEMO_SEED: '1',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await until('the server', async () => (await fetch(`${base}/api/health`)).ok);
  await fake('/scan', {});
  const handle = createDb(db.url, { max: 2 });
  await until('the session to be ready', async () => {
    const [row] = await handle.sql<{ status: string }[]>`select status::text from whatsapp_sessions`;
    return row?.status === 'ready';
  });
  // The inbox as a busy number has it: N chats with staggered activity.
  await handle.sql`
    insert into whatsapp_chats (session_id, wa_id, is_group, name, last_message_at, unread_count)
    select s.id, '569' || lpad(g::text, 8, '0') || '@c.us', false, 'Cliente ' || g, now() - (g || ' minutes')::interval, g % 3
    from generate_series(1, ${options.chats}) g, whatsapp_sessions s`;
  await handle.close();

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({ baseURL: base, locale: 'es-CL' });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Correo electrónico').fill(ADMIN.email);
  await page.getByLabel('Contraseña').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));

  // 1. First-load JS per page: every script the browser fetched on a cold load, gzip-compressed.
  const pages = [
    '/',
    '/connection',
    '/chats',
    '/groups',
    '/experiences',
    '/operators',
    '/requests',
    '/settings',
  ];
  const jsRows: (string | number)[][] = [];
  const firstLoadJsKb: Record<string, number> = {};
  for (const route of pages) {
    const fresh = await context.newPage();
    const scripts = new Map<string, number>();
    fresh.on('response', async (response) => {
      if (response.request().resourceType() !== 'script') return;
      const body = await response.body().catch(() => null);
      if (body) scripts.set(response.url(), gzipSync(body).length);
    });
    await fresh.goto(route, { waitUntil: 'networkidle' });
    const kb = Math.round([...scripts.values()].reduce((a, b) => a + b, 0) / 102.4) / 10;
    firstLoadJsKb[route] = kb;
    jsRows.push([route, scripts.size, fmt(kb, 1)]);
    await fresh.close();
  }

  // 2. Time to the first painted chat row, cold navigations.
  const paints: number[] = [];
  for (let i = 0; i < 5; i++) {
    const fresh = await context.newPage();
    await fresh.goto('/chats', { waitUntil: 'commit' });
    await fresh.getByTestId('chat-list').locator('li').first().waitFor();
    paints.push(await fresh.evaluate(() => performance.now()));
    await fresh.close();
  }

  // 3. A message arrives → its chat shows it at the top of the open list.
  await page.goto('/chats');
  await page.getByTestId('chat-list').locator('li').first().waitFor();
  const live: number[] = [];
  for (let i = 0; i < options.samples; i++) {
    const body = `Consulta en vivo ${i} ${Date.now()}`;
    const started = performance.now();
    await fake('/messages', { chatId: `5690000${String(i).padStart(4, '0')}@c.us`, body });
    await page.getByTestId('chat-list').getByText(body).waitFor({ timeout: 30_000 });
    live.push(performance.now() - started);
  }
  await browser.close();

  const paint = summarize(paints);
  const latency = summarize(live);
  console.log(`\nUI benchmark (${options.chats.toLocaleString('en')} chats stored)\n`);
  printTable(['page', 'scripts', 'first-load JS (KB gzip)'], jsRows);
  console.log('');
  printTable(
    ['measure', 'p50 ms', 'p95 ms', 'samples'],
    [
      ['first chat-list row painted (cold load)', fmt(paint.p50), fmt(paint.p95), paint.count],
      ['fake message → row in the open chat list', fmt(latency.p50), fmt(latency.p95), latency.count],
    ],
  );
  writeResult('ui.json', {
    chats: options.chats,
    firstLoadJsKb,
    firstChatPaintMs: paint,
    liveRowMs: latency,
    measuredAt: new Date().toISOString(),
  });
  console.log('\nwritten to bench/results/ui.json');
} finally {
  server?.kill('SIGTERM');
  await new Promise((r) => server?.once('exit', r) ?? r(null));
  await db.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
