import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/db';
import { waitFor } from '../support/processes';
import { linkAndWaitReady, startWorker, type Worker } from '../support/stack';
import { startTcpProxy } from '../support/tcp-proxy';
import { leaseOwner, sessionStatus, tempDir } from './support/faults';

const pidOf = (owner: string) => Number(owner.split(':')[1]);

/**
 * Fencing: a worker cut off from the database cannot renew its lease. It must close its WhatsApp client
 * before the lease runs out, so when the standby takes over there are never two clients on one number.
 */
describe('a worker that cannot renew its lease', () => {
  let t: TestDb;
  const data = tempDir('tuki-fault-fencing-');
  const workers: Worker[] = [];
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  beforeAll(async () => {
    t = await createTestDb();
    const url = new URL(t.url);
    proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
  });
  afterAll(async () => {
    for (const w of workers) await w.kill9();
    await proxy.close();
    await t.drop();
    data.remove();
  });

  const env = { WORKER_LEASE_SECONDS: '6', WORKER_HEARTBEAT_SECONDS: '1' };

  it('closes its client before the standby takes over', async () => {
    const viaProxy = new URL(t.url);
    viaProxy.port = String(proxy.port);
    const cutOff = await startWorker(viaProxy.toString(), data.dir, env);
    workers.push(cutOff);
    await linkAndWaitReady(cutOff, sessionStatus(t.sql));
    expect(pidOf((await leaseOwner(t.sql))!)).toBe(cutOff.child.pid);
    const standby = await startWorker(t.url, data.dir, env);
    workers.push(standby);
    expect((await cutOff.fake.state()).connected).toBe(true);
    // A browser slow to close (destroy() waits up to its 15 s grace) must not outlive the lease: fenced, it is killed.
    await cutOff.fake.misbehave({ slowDestroyMs: 20_000 });

    await proxy.cut();
    const taken = await waitFor(
      'the standby to take over',
      async () => {
        const owner = await leaseOwner(t.sql);
        return owner && pidOf(owner) === standby.child.pid ? owner : undefined;
      },
      30_000,
    );
    expect(taken).toBeTruthy();
    // By the time the standby holds the lease, the cut-off worker's client is already closed.
    expect((await cutOff.fake.state()).connected).toBe(false);
    expect(cutOff.child.exitCode).toBeNull(); // it stopped the client, not the process: it waits as a standby
  });
});
