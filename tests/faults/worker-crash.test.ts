import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/processes';
import { faultScenario, messageCounts, sessionStatus, waitForMessages } from './support/faults';

/**
 * kill -9 of the worker in the middle of a 10,000-message burst. The fake "phone" has every message on disk
 * before the first is emitted; the restarted worker's catch-up must store exactly the ones the dead worker
 * missed, and none twice.
 */
describe('worker killed with SIGKILL mid-burst', () => {
  const scenario = faultScenario('tuki-fault-crash-');
  const env = { WORKER_LEASE_SECONDS: '3', WORKER_HEARTBEAT_SECONDS: '1' };

  it('has all 10,000 messages exactly once after a restart', async () => {
    const { t } = scenario;
    const first = await scenario.startReadyWorker(env);
    await first.fake.bulk({ count: 10_000, chats: 20, rate: 1000 });
    await waitFor(
      'part of the burst to be stored',
      async () => ((await messageCounts(t.sql)).total >= 2000 ? true : undefined),
      30_000,
    );
    await first.kill9();
    const atCrash = (await messageCounts(t.sql)).total;
    expect(atCrash).toBeLessThan(10_000); // the crash really was mid-burst

    await scenario.startWorker(env);
    const counts = await waitForMessages(t.sql, 10_000, 60_000);
    expect(counts).toEqual({ total: 10_000, distinct: 10_000 });
    const [sources] = await t.sql<{ backfill: number }[]>`
      select count(*) filter (where source = 'backfill')::int as backfill from whatsapp_messages`;
    expect(sources!.backfill).toBeGreaterThan(0); // the gap was filled by the catch-up, not by luck
    expect(await sessionStatus(t.sql)()).toBe('ready');
  });
});
