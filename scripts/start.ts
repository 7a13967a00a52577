/**
 * `npm start`: the one command. Builds the web app and the worker bundle if needed, starts the database (embedded PostgreSQL in
 * DATA_DIR when DATABASE_URL is unset), migrates, creates the first superadmin, then runs the Next server and
 * the worker (one pool process for every WhatsApp number) as supervised children. SIGINT/SIGTERM stop everything, leaving no process behind.
 */
import path from 'node:path';
import { ensureFirstSuperadmin } from '../lib/auth/users';
import { exitOnConfigError, loadConfig } from '../lib/config';
import { createDb } from '../lib/db';
import { type EmbeddedDb, startEmbeddedPostgres, takeOverShutdownSignals } from '../lib/db/embedded';
import { runMigrations } from '../lib/db/migrate';
import { seedDemoData } from '../lib/demo/seed-data';
import { createLogger } from '../lib/log';
import { withoutWebSecrets } from '../lib/process/child-env';
import { resolveAuthSecret, resolveWebhookSecretsKey } from './lib/auth-secret';
import { ensureBuild } from './lib/build';
import { bundlePath, ensureBundles, WORKER_NODE_FLAGS } from './lib/bundle';
import { type Supervised, supervise } from './lib/supervise';

const root = process.cwd();
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  exitOnConfigError(error);
}
const log = createLogger('launcher', config.LOG_LEVEL);

let embedded: EmbeddedDb | undefined;
const children: Supervised[] = [];
let shuttingDown: Promise<void> | undefined;

function shutdown(code: number): Promise<void> {
  shuttingDown ??= (async () => {
    log.info('stopping…');
    // Worker first: it flushes buffered messages and releases its lease while the database is still up.
    for (const child of [...children].reverse()) await child.stop().catch(() => {});
    if (embedded)
      await embedded.stop().catch((error: unknown) => log.error({ err: error }, 'database stop failed'));
    log.info('stopped');
    process.exit(code);
  })();
  return shuttingDown;
}
takeOverShutdownSignals();
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
// If whatever started us dies without passing on a signal (npm killed, terminal closed), stop too.
const startedBy = process.ppid;
setInterval(() => {
  if (process.ppid !== startedBy) void shutdown(0);
}, 1000).unref();

async function main() {
  ensureBuild(root, (line) => log.info(line));
  await ensureBundles(root, (line) => log.info(line));

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.DATA_DIR,
      port: config.EMBEDDED_PG_PORT,
      log: (line) => log.info(line),
    });
    databaseUrl = embedded.url;
    log.info(
      { port: config.EMBEDDED_PG_PORT, dataDir: path.resolve(config.DATA_DIR) },
      'embedded PostgreSQL ready',
    );
  }
  if (shuttingDown) return;
  await runMigrations(databaseUrl);

  const handle = createDb(databaseUrl, { max: 1 });
  try {
    const created = await ensureFirstSuperadmin(handle.db, {
      email: config.ADMIN_EMAIL,
      password: config.ADMIN_PASSWORD,
    });
    if (created?.generatedPassword) {
      // Printed once, to the terminal only; it is stored hashed.
      console.log(
        `\n  First superadmin created: ${created.email}\n  Password (shown only now): ${created.generatedPassword}\n`,
      );
    } else if (created) {
      log.info({ email: created.email }, 'first superadmin created from ADMIN_EMAIL/ADMIN_PASSWORD');
    }
    if (config.DEMO_SEED) {
      const seeded = await seedDemoData(handle.db);
      log.info(seeded, 'demo data loaded (DEMO_SEED=1)');
    }
  } finally {
    await handle.close();
  }
  if (shuttingDown) return;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: resolveAuthSecret(config),
    WEBHOOK_SECRETS_KEY: resolveWebhookSecretsKey(config),
    AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? 'true',
    NEXT_TELEMETRY_DISABLED: '1',
    TUKI_SUPERVISOR_PID: String(process.pid),
    // The one worker here runs the whole pool: every number added on Conexión (up to 64, the most one worker
    // takes) unless WORKER_MAX_SESSIONS says otherwise; WA_SESSION in the environment pins it to one number.
    WORKER_MAX_SESSIONS: process.env.WORKER_MAX_SESSIONS ?? '64',
  };
  // The web server needs production; the worker keeps the user's NODE_ENV (the fake driver refuses production).
  const webEnv = { ...env, NODE_ENV: 'production' as const };
  const webServer = path.join(root, 'scripts/web-server.ts');
  children.push(
    supervise('web', process.execPath, ['--import', 'tsx', webServer], {
      env: webEnv,
      log,
    }),
  );
  children.push(
    // The compiled worker (scripts/lib/bundle.ts): no TypeScript compiler in the long-running process.
    supervise('worker', process.execPath, [...WORKER_NODE_FLAGS, bundlePath(root, 'worker')], {
      env: withoutWebSecrets(env),
      log,
      stopTimeoutMs: 20_000,
    }),
  );
  log.info(
    `Tuki WhatsApp Console: http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`,
  );
}

main().catch(async (error: unknown) => {
  log.error({ err: error }, error instanceof Error ? error.message : 'start failed');
  await shutdown(1);
});
