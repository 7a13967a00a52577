/**
 * `npm run test:image`: builds the Docker image and runs each of its roles against the PostgreSQL at
 * TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), in a database made for the run:
 *
 *   1. every process in the image runs as the unprivileged `tuki` user;
 *   2. `migrate` applies every migration;
 *   3. `worker` with the fake driver reaches `ready` (scanned through the fake's control API);
 *   4. `web` answers /api/health with the database migrated and that worker alive;
 *   5. `worker` with the real driver, WhatsApp unreachable, ends `failed` with Chromium's network reason
 *      (net::ERR_…), neither a permissions error (EACCES: the library's cache under /app) nor a hang.
 *
 * Needs a running Docker daemon. Containers use the host's network only (`--network host`), so the ports are
 * picked free on this machine. NODE_BASE overrides the Dockerfile's base image (a machine that cannot pull
 * builds one with docker/local-base.sh). TUKI_IMAGE names the image (default tuki-whatsapp-console:test);
 * TEST_IMAGE_SKIP_BUILD=1 tests an image already built under that name.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import postgres from 'postgres';

const image = process.env.TUKI_IMAGE ?? 'tuki-whatsapp-console:test';
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const run = randomBytes(4).toString('hex');
const database = `tuki_image_${run}`;
const databaseUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
})();
const containers: string[] = [];
const started = Date.now();

function docker(args: string[], options: { input?: string; quiet?: boolean } = {}): string {
  const result = spawnSync('docker', args, { encoding: 'utf8', input: options.input, maxBuffer: 64 << 20 });
  if (result.status !== 0) {
    throw new Error(
      `docker ${args.slice(0, 3).join(' ')} … failed (${result.status}): ${result.stderr.trim()}`,
    );
  }
  return result.stdout.trim();
}

function step(text: string): void {
  console.log(`\n=== ${text} (${Math.round((Date.now() - started) / 1000)} s)`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A detached container on the host network, removed at the end of the run. */
function startContainer(role: string, env: Record<string, string>, extra: string[] = []): string {
  const name = `tuki-image-${run}-${role}`;
  const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  docker([
    'run',
    '-d',
    '--name',
    name,
    '--network',
    'host',
    ...extra,
    ...envArgs,
    image,
    role.split('-')[0]!,
  ]);
  containers.push(name);
  return name;
}

/** The user id of every process in a container (from /proc, which any user may read). */
function processUids(container: string): number[] {
  const out = docker([
    'exec',
    container,
    'sh',
    '-c',
    'for f in /proc/[0-9]*/status; do sed -n "s/^Uid:[[:space:]]*\\([0-9]*\\).*/\\1/p" "$f" 2>/dev/null; done',
  ]);
  return out.split('\n').filter(Boolean).map(Number);
}

function assertUnprivileged(container: string): void {
  const uids = processUids(container);
  if (uids.length === 0 || uids.some((uid) => uid === 0)) {
    throw new Error(`${container}: processes run as root (uids ${uids.join(', ')})`);
  }
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function main(): Promise<void> {
  check(
    spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0,
    'no Docker daemon answers `docker info`',
  );

  if (process.env.TEST_IMAGE_SKIP_BUILD !== '1') {
    step(`docker build ${image}`);
    const base = process.env.NODE_BASE ? ['--build-arg', `NODE_BASE=${process.env.NODE_BASE}`] : [];
    execFileSync('docker', ['build', '--network', 'host', ...base, '-t', image, '.'], { stdio: 'inherit' });
  }

  step('the image runs as tuki');
  const user = docker(['run', '--rm', '--network', 'host', image, 'id', '-un']);
  check(user === 'tuki', `the image runs as ${user}, not tuki`);

  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${database}`);
  const db = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  try {
    step(`migrate (database ${database})`);
    const migrate = spawnSync(
      'docker',
      ['run', '--rm', '--network', 'host', '-e', `DATABASE_URL=${databaseUrl}`, image, 'migrate'],
      { encoding: 'utf8' },
    );
    check(migrate.status === 0, `migrate exited ${migrate.status}: ${migrate.stderr}${migrate.stdout}`);
    const [applied] = await db<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    const n = applied?.n ?? 0;
    check(n > 0, 'migrate applied no migrations');
    console.log(`applied ${n} migrations`);

    step('worker, fake driver: reaches ready');
    const controlPort = await freePort();
    const token = randomBytes(24).toString('base64url');
    const fake = startContainer('worker-fake', {
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'test',
      WA_DRIVER: 'fake',
      WA_SESSION: 'image-fake',
      FAKE_WA_PORT: String(controlPort),
      FAKE_WA_TOKEN: token,
    });
    const status = async (name: string) => {
      const [row] = await db<{ status: string; last_error: string | null }[]>`
        select status::text, last_error from whatsapp_sessions where name = ${name}`;
      return row;
    };
    await waitFor('the fake worker to show a QR', 60_000, async () =>
      (await status('image-fake'))?.status === 'qr' ? true : undefined,
    );
    const scan = await fetch(`http://127.0.0.1:${controlPort}/scan`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    check(scan.ok, `the fake's /scan answered ${scan.status}`);
    await waitFor('the fake worker to be ready', 60_000, async () =>
      (await status('image-fake'))?.status === 'ready' ? true : undefined,
    );
    assertUnprivileged(fake);
    console.log('ready, every process unprivileged');

    step('web: answers /api/health');
    const webPort = await freePort();
    const web = startContainer('web', {
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(webPort),
      AUTH_SECRET: randomBytes(32).toString('base64url'),
    });
    const health = await waitFor('/api/health', 120_000, async () => {
      const res = await fetch(`http://127.0.0.1:${webPort}/api/health`);
      return res.status === 200
        ? ((await res.json()) as Record<string, { ok: boolean } | boolean>)
        : undefined;
    });
    check(health.ok === true, `/api/health: ${JSON.stringify(health)}`);
    assertUnprivileged(web);
    console.log(`/api/health ${JSON.stringify(health)}`);
    docker(['rm', '-f', fake]);

    step('worker, real driver, WhatsApp unreachable: ends failed with the network reason');
    // web.whatsapp.com resolves to a closed local port: unreachable here and on a machine with internet.
    const real = startContainer(
      'worker-webjs',
      { DATABASE_URL: databaseUrl, WA_SESSION: 'image-offline', WA_MAX_RESTARTS: '1' },
      ['--add-host', 'web.whatsapp.com:127.0.0.1', '--shm-size', '256m'],
    );
    const failed = await waitFor('the real worker to end failed', 180_000, async () => {
      const row = await status('image-offline');
      return row?.status === 'failed' ? row : undefined;
    });
    assertUnprivileged(real);
    const reason = failed.last_error ?? '';
    check(/net::ERR_/.test(reason), `failed without the network reason: ${reason}`);
    check(!/EACCES|permission denied/i.test(reason), `failed on permissions: ${reason}`);
    const logs = spawnSync('docker', ['logs', real], { encoding: 'utf8' });
    check(!/EACCES/.test(`${logs.stdout}${logs.stderr}`), 'the worker log shows EACCES');
    console.log(`failed: ${reason}`);
  } catch (error) {
    for (const name of containers) {
      const logs = spawnSync('docker', ['logs', '--tail', '40', name], { encoding: 'utf8' });
      console.error(`--- ${name} (last lines)\n${logs.stdout}${logs.stderr}`);
    }
    throw error;
  } finally {
    for (const name of containers) spawnSync('docker', ['rm', '-f', name], { stdio: 'ignore' });
    await db.end();
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
  step('image checks passed');
}

main().catch((error: unknown) => {
  console.error(`\ntest:image FAILED: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
