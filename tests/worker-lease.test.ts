import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from './support/db';
import { descendants, exited, freePort, isAlive, waitFor } from './support/processes';
import { FAKE_WA_TOKEN, fakeClient } from './support/stack';

/** Two real worker processes on one WhatsApp session: exactly one runs it, the other takes over on death. */
describe('session lease', () => {
  let t: TestDb;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tuki-lease-'));
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await t.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function worker() {
    const fakePort = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'worker/index.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: t.url,
        DATA_DIR: dataDir,
        WA_DRIVER: 'fake',
        FAKE_WA_PORT: String(fakePort),
        FAKE_WA_TOKEN,
        WORKER_LEASE_SECONDS: '6',
        WORKER_HEARTBEAT_SECONDS: '2',
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    children.push(child);
    return { child, fakePort, fake: fakeClient(fakePort) };
  }

  const holder = async () => {
    const [row] = await t.sql<{ lease_owner: string | null }[]>`select lease_owner from whatsapp_sessions`;
    return row?.lease_owner ?? undefined;
  };
  const pidOf = (owner: string) => Number(owner.split(':')[1]);

  it('gives the session to one worker and hands it over within 15 s when that one is killed', {
    timeout: 90_000,
  }, async () => {
    const a = await worker();
    const b = await worker();
    const first = await waitFor('a lease holder', holder, 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await holder()).toBe(first); // the standby does not steal a live lease

    const [active, standby] = pidOf(first) === a.child.pid ? [a, b] : [b, a];
    const activeTree = descendants(active.child.pid!);
    const [lease] = await t.sql<
      { expires: string }[]
    >`select lease_expires_at::text as expires from whatsapp_sessions`;
    active.child.kill('SIGKILL');
    await exited(active.child);
    // Takeover is bounded by the lease (WORKER_LEASE_SECONDS) plus one standby poll; the wait allows for that.
    const second = await waitFor(
      'the standby to take over',
      async () => {
        const owner = await holder();
        return owner && owner !== first ? owner : undefined;
      },
      20_000,
    );
    expect(pidOf(second)).toBe(standby.child.pid);
    const [taken] = await t.sql<{ after_expiry: boolean }[]>`
      select heartbeat_at >= ${lease!.expires}::timestamptz as after_expiry from whatsapp_sessions`;
    expect(taken?.after_expiry).toBe(true);
    expect(activeTree.every((pid) => !isAlive(pid))).toBe(true);

    // The new holder runs the client: its fake control API answers.
    const state = await waitFor(
      'the standby client',
      async () => {
        return standby.fake.state().catch(() => undefined);
      },
      10_000,
    );
    expect(state.linked).toBe(false);

    standby.child.kill('SIGTERM');
    expect(await exited(standby.child)).toBe(0);
    expect(await holder()).toBeUndefined(); // a clean stop releases the lease at once
  });
});
