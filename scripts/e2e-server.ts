/**
 * What Playwright starts: `npm start` with the fake WhatsApp driver on a FRESH database — a new database on
 * TEST_DATABASE_URL's server when set (dropped afterwards), else a brand-new embedded cluster in .data/e2e.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { databaseUrl } from '../tests/support/urls';

const serverUrl = process.env.TEST_DATABASE_URL;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  WA_DRIVER: 'fake',
  ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL ?? 'admin@tuki.test',
  ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD ?? 'e2e-password-123',
  PORT: process.env.E2E_PORT ?? '3100',
  FAKE_WA_PORT: process.env.E2E_FAKE_WA_PORT ?? '3101',
  // The same default as e2e/fake.ts, which drives the fake phone with it.
  FAKE_WA_TOKEN: process.env.E2E_FAKE_WA_TOKEN ?? 'e2e-fake-wa-token-0123456789',
  DEMO_SEED: '1',
  // Playwright is the "proxy": its contexts set X-Forwarded-For to act as different clients (sign-in limits).
  TRUSTED_PROXIES: '127.0.0.1',
  // Lets the e2e act as an external gateway reporting a second WhatsApp number (signed status webhook).
  INBOUND_WEBHOOK_SECRET: process.env.E2E_INBOUND_SECRET ?? 'e2e-inbound-webhook-secret-0123456789abcdef',
  // Short QR rotation so the e2e sees it change; fast ack deadlines are not needed.
  FAKE_WA_QR_ROTATE_SECONDS: '20',
};

// Fresh state for everything, the fake phone included: its history on disk would otherwise be back-filled
// into the new database as if those messages had just arrived.
const dataDir = path.resolve('.data/e2e');
rmSync(dataDir, { recursive: true, force: true });
env.DATA_DIR = dataDir;

let dropDatabase = async () => {};
if (serverUrl) {
  const name = `tuki_e2e_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  env.DATABASE_URL = databaseUrl(serverUrl, name);
  dropDatabase = async () => {
    const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await dropper.unsafe(`drop database if exists ${name} with (force)`);
    await dropper.end();
  };
} else {
  env.DATABASE_URL = '';
  env.EMBEDDED_PG_PORT = process.env.E2E_EMBEDDED_PG_PORT ?? '54349';
}

const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', async (code) => {
  await dropDatabase().catch(() => {});
  process.exit(code ?? 1);
});
