import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/processes';
import { faultScenario, leaseOwner, messageCounts, waitForMessages } from './support/faults';

const pidOf = (owner: string) => Number(owner.split(':')[1]);

/**
 * Two worker processes for one WhatsApp number (sharing the phone's data, as two machines sharing a volume
 * would share a LocalAuth profile): one holds the session, the standby waits; the holder is killed with
 * SIGKILL mid-burst and the standby takes over within 15 s, back-filling what the dead one missed.
 */
describe('two workers on one session', () => {
  const scenario = faultScenario('tuki-fault-failover-');
  const env = { WORKER_LEASE_SECONDS: '6', WORKER_HEARTBEAT_SECONDS: '2' };

  it('runs on exactly one, fails over when it dies, and loses or duplicates nothing', async () => {
    const { t } = scenario;
    const a = await scenario.startReadyWorker(env);
    const holder = await waitFor('a lease holder', () => leaseOwner(t.sql), 10_000);
    expect(pidOf(holder)).toBe(a.child.pid);

    // The burst is on the phone (disk) before it is emitted; the standby starts after that and reads it.
    await a.fake.bulk({ count: 6000, chats: 12, rate: 500 });
    const b = await scenario.startWorker(env);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await leaseOwner(t.sql)).toBe(holder); // the standby does not steal a live lease
    expect((await b.fake.state()).connected).toBe(false); // and runs no WhatsApp client meanwhile

    await waitFor(
      'part of the burst to be stored',
      async () => ((await messageCounts(t.sql)).total >= 2000 ? true : undefined),
      30_000,
    );
    await a.kill9();
    expect((await messageCounts(t.sql)).total).toBeLessThan(6000);
    const next = await waitFor(
      'the standby to take over',
      async () => {
        const owner = await leaseOwner(t.sql);
        return owner && owner !== holder ? owner : undefined;
      },
      15_000,
    );
    expect(pidOf(next)).toBe(b.child.pid);

    const counts = await waitForMessages(t.sql, 6000, 60_000);
    expect(counts).toEqual({ total: 6000, distinct: 6000 });
    // The new holder keeps ingesting live traffic.
    await b.fake.bulk({ count: 500, chats: 5, rate: 1000 });
    expect(await waitForMessages(t.sql, 6500, 30_000)).toEqual({ total: 6500, distinct: 6500 });
  });
});
