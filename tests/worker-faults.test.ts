import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../lib/db';
import { createTestDb, type TestDb } from './support/db';
import { messageDto } from './support/messages';
import { waitFor } from './support/processes';
import { startTcpProxy } from './support/tcp-proxy';
import { startHarness } from './support/worker-harness';

describe('worker under database faults', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it('loses nothing when the database goes away during a burst and comes back', {
    timeout: 60_000,
  }, async () => {
    const url = new URL(t.url);
    const proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
    url.port = String(proxy.port);
    const viaProxy = createDb(url.toString(), { max: 4 });
    const h = await startHarness(t, {}, viaProxy);
    try {
      h.world.linked = true;
      h.start();
      await h.waitForStatus('ready');

      const burst = Array.from({ length: 3000 }, (_, i) => messageDto({ chatId: `5698000000${i % 7}@c.us` }));
      h.driver.deliver(burst.slice(0, 1000));
      await proxy.cut();
      h.driver.deliver(burst.slice(1000, 2500), 1); // arrives (twice) while the database is unreachable
      await new Promise((r) => setTimeout(r, 2000));
      await proxy.restore();
      h.driver.deliver(burst.slice(2500));

      await waitFor(
        'all 3000 messages',
        async () => ((await h.messageCount()) === 3000 ? true : undefined),
        40_000,
      );
      const [dupes] = await t.sql<{ n: number }[]>`
        select count(*)::int as n from (select protocol_id from whatsapp_messages group by protocol_id having count(*) > 1) d`;
      expect(dupes?.n).toBe(0);
    } finally {
      await h.cleanup();
      await viaProxy.close();
      await proxy.close();
    }
  });
});
