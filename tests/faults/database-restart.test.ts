import { afterAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../lib/db';
import { type EmbeddedDb, startEmbeddedPostgres } from '../../lib/db/embedded';
import { runMigrations } from '../../lib/db/migrate';
import { freePort, waitFor } from '../support/processes';
import { faultScenario, messageCounts, tempDir, waitForMessages } from './support/faults';

/**
 * PostgreSQL itself restarts (stopped and started again, every connection dropped) in the middle of a burst.
 * A throwaway embedded server is used: the machine's own server is never touched. The worker process must
 * ride it out by itself: buffer, retry, reconnect its LISTENs, and store everything exactly once.
 */
describe('PostgreSQL restarted during a burst', () => {
  const pgData = tempDir('tuki-fault-pg-');
  let pg: EmbeddedDb | undefined;
  let handle: DbHandle | undefined;
  afterAll(async () => {
    await handle?.close();
    await pg?.stop().catch(() => {});
    pgData.remove();
  });
  // Registered after the server's teardown so that it runs first: the worker dies before PostgreSQL stops.
  const scenario = faultScenario('tuki-fault-pgw-', { database: false });

  it('loses nothing and the worker recovers on its own', async () => {
    const port = await freePort();
    pg = await startEmbeddedPostgres({ dataDir: pgData.dir, port });
    await runMigrations(pg.url);
    handle = createDb(pg.url, { max: 2 });
    const { sql } = handle;
    const worker = await scenario.startReadyWorker({ WORKER_LEASE_SECONDS: '30' }, pg.url, sql);

    await worker.fake.bulk({ count: 10_000, chats: 20, rate: 1000 });
    await waitFor(
      'part of the burst to be stored',
      async () => ((await messageCounts(sql)).total >= 2000 ? true : undefined),
      30_000,
    );
    await pg.stop();
    await new Promise((r) => setTimeout(r, 3000)); // the burst goes on while the database is down
    pg = await startEmbeddedPostgres({ dataDir: pgData.dir, port });

    const counts = await waitForMessages(sql, 10_000, 90_000);
    expect(counts).toEqual({ total: 10_000, distinct: 10_000 });
    expect(worker.child.exitCode).toBeNull(); // recovered in place, not by a restart
    // It goes on working: a new message after the restart is stored, and the lease keeps being renewed.
    await worker.fake.message({ chatId: '56970000001@c.us', body: 'después del reinicio' });
    await waitForMessages(sql, 10_001, 30_000);
    const [session] = await sql<{ fresh: boolean; status: string }[]>`
      select heartbeat_at > now() - interval '15 seconds' as fresh, status::text from whatsapp_sessions`;
    expect(session).toEqual({ fresh: true, status: 'ready' });
  });
});
