import { hostname } from 'node:os';
import { exitOnConfigError, loadConfig, requireDatabaseUrl } from '../lib/config';
import { createDb } from '../lib/db';
import { createLogger } from '../lib/log';
import { stopWhenSupervisorDies } from '../lib/process/watch-parent';
import { runWorker } from './run';

/** Entry point of the long-running WhatsApp worker: one process per WhatsApp number (WA_SESSION). */
let config: ReturnType<typeof loadConfig>;
let databaseUrl: string;
try {
  config = loadConfig();
  databaseUrl = requireDatabaseUrl(config);
} catch (error) {
  exitOnConfigError(error);
}

const log = createLogger('worker', config.LOG_LEVEL);
const handle = createDb(databaseUrl, { max: 5, applicationName: `tuki-worker:${config.WA_SESSION}` });
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

runWorker({ db: handle.db, config, log, owner, signal: controller.signal })
  .then(async () => {
    await handle.close();
    log.info('worker stopped');
    process.exit(0);
  })
  .catch(async (error: unknown) => {
    log.error({ err: error }, 'worker crashed');
    await handle.close().catch(() => {});
    process.exit(1);
  });
