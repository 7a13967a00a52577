import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { descendants, exited, freePort, isAlive, startLauncher, waitFor } from './support/processes';

/**
 * The zero-setup path end to end: `npm start` on the embedded PostgreSQL. Slow (it may build the web app
 * first), so the two scenarios share one data dir and one build.
 */
describe('npm start (embedded database)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tuki-launcher-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function boot() {
    const [port, pgPort, fakePort] = await Promise.all([freePort(), freePort(), freePort()]);
    const launcher = startLauncher({
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      WA_DRIVER: 'fake',
      FAKE_WA_PORT: String(fakePort),
      ADMIN_EMAIL: 'boss@tuki.test',
      ADMIN_PASSWORD: 'a-long-enough-password',
    });
    const health = await waitFor(
      'the health endpoint to answer 200',
      async () => {
        if (launcher.child.exitCode !== null) throw new Error(`launcher exited early:\n${launcher.output()}`);
        const res = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
        return res?.status === 200 ? ((await res.json()) as { ok: boolean }) : undefined;
      },
      240_000,
    );
    return { ...launcher, port, health };
  }

  const postmasterPid = () =>
    Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

  it('serves a healthy app and stops everything on SIGTERM', { timeout: 300_000 }, async () => {
    const { child, health, port } = await boot();
    expect(health.ok).toBe(true);
    const login = await fetch(`http://127.0.0.1:${port}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('Iniciar sesión');

    const processes = [...descendants(child.pid!), postmasterPid()];
    expect(processes.length).toBeGreaterThanOrEqual(3); // web, worker, postgres (and postgres' own children)
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    await waitFor(
      'every child process to exit',
      () => processes.every((pid) => !isAlive(pid)) || undefined,
      10_000,
    );
  });

  it('recovers when the launcher was killed with SIGKILL and left PostgreSQL running', {
    timeout: 300_000,
  }, async () => {
    const first = await boot();
    const leftover = postmasterPid();
    const database = new Set([leftover, ...descendants(leftover)]);
    const children = descendants(first.child.pid!).filter((pid) => !database.has(pid));
    expect(children.length).toBeGreaterThanOrEqual(2);
    first.child.kill('SIGKILL');
    await exited(first.child);
    // Web and worker notice the launcher is gone and stop; the postmaster is orphaned and keeps running.
    await waitFor(
      'web and worker to stop',
      () => children.every((pid) => !isAlive(pid)) || undefined,
      15_000,
    );
    expect(isAlive(leftover)).toBe(true);

    const second = await boot();
    expect(second.health.ok).toBe(true);
    expect(isAlive(leftover)).toBe(false);
    expect(second.output()).toMatch(/earlier unclean shutdown/);
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
  });
});
