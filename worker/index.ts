import { hostname } from 'node:os';
import { exitOnConfigError, loadConfig, requireDatabaseUrl } from '../lib/config';
import { createDb } from '../lib/db';
import { createLogger } from '../lib/log';
import { stopWhenSupervisorDies } from '../lib/process/watch-parent';
import { handleUnhandledRejection } from './client-rejections';
import { createDomainHooks } from './domain-hooks';
import { reportFailure } from './metrics/failures';
import { startWorkerMetrics } from './metrics/metrics-server';
import { runWorker } from './run';
import { createDriverFactory } from './whatsapp/create-driver';

/**
 * Entry point of the long-running WhatsApp worker: one process of the pool, running up to WORKER_MAX_SESSIONS
 * numbers; with WA_SESSION set in the environment it runs that one number only.
 */
let config: ReturnType<typeof loadConfig>;
let databaseUrl: string;
try {
  config = loadConfig();
  databaseUrl = requireDatabaseUrl(config);
} catch (error) {
  exitOnConfigError(error);
}

const pinnedSession = process.env.WA_SESSION ? config.WA_SESSION : null;
const log = createLogger('worker', config.LOG_LEVEL).child(pinnedSession ? { session: pinnedSession } : {});
// A few connections per number it may run (ingest, outbox, sync) plus the pool's own.
const capacity = pinnedSession ? 1 : config.WORKER_MAX_SESSIONS;
const handle = createDb(databaseUrl, {
  max: 4 + 2 * capacity,
  applicationName: `tuki-worker:${pinnedSession ?? 'pool'}`,
});
const owner = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
const controller = new AbortController();

let stopping = false;
function stop(reason: string) {
  if (stopping) return;
  stopping = true;
  log.info({ reason }, 'worker stopping');
  controller.abort();
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(signal));
stopWhenSupervisorDies(() => stop('launcher gone'));
// whatsapp-web.js throws from unawaited handlers ('auth timeout', 'ready timeout', Evaluation failed) and
// Puppeteer leaves rejections behind a page that went away: the client they came from is restarted, the
// other numbers of this process are left alone (client-rejections.ts says why).
process.on('unhandledRejection', (reason) => handleUnhandledRejection(log, reason));

async function main() {
  const metrics = await startWorkerMetrics(config, log).catch(exitOnConfigError);
  const drivers = await createDriverFactory(config, log);
  const { hooks, pace } = createDomainHooks(log);
  try {
    await runWorker({
      db: handle.db,
      sql: handle.sql,
      config,
      log,
      owner,
      signal: controller.signal,
      drivers,
      hooks,
      pace,
      pinnedSession,
    });
  } finally {
    await drivers.close();
    metrics?.close();
  }
}

main()
  .then(async () => {
    await handle.close();
    log.info('worker stopped');
    process.exit(0);
  })
  .catch(async (error: unknown) => {
    log.error({ err: error instanceof Error ? error.message : error }, 'worker crashed');
    await handle
      .close()
      .catch((closeError: unknown) =>
        reportFailure(log, 'shutdown', closeError, 'could not close the database pool'),
      );
    process.exit(1);
  });
