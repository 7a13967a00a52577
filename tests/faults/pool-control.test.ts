import { describe, expect, it } from 'vitest';
import { listSessions } from '../../lib/whatsapp/sessions/lease';
import { deleteSession, listSessionViews, setSessionDesiredState } from '../../lib/whatsapp/sessions/manage';
import { waitFor } from '../support/processes';
import { faultScenario } from './support/faults';

const actor = { type: 'system' as const, label: 'fault test' };
const timing = { staleSeconds: 30, leaseSeconds: 6 };

/**
 * One real worker process with room for one number, driven the way the dashboard drives it (the sessions
 * verbs the API routes call): the second number waits and says why; stopping a number closes its client and
 * releases its lease within seconds, which lets the waiting one start; a deleted number leaves every list.
 */
describe('a pool worker with capacity 1', () => {
  const scenario = faultScenario('tuki-fault-pool-control-');
  const env = { WORKER_LEASE_SECONDS: '6', WORKER_HEARTBEAT_SECONDS: '2', WORKER_MAX_SESSIONS: '1' };

  it('makes the second number wait, and stop and delete release the number and close its client', async () => {
    const { t } = scenario;
    await t.sql`insert into whatsapp_sessions (name) values ('uno')`;
    const worker = await scenario.startWorker(env);
    await waitFor(
      'uno to be claimed',
      async () =>
        (await t.sql`select 1 from whatsapp_sessions where name = 'uno' and lease_owner is not null`).length
          ? true
          : undefined,
      20_000,
    );
    await t.sql`insert into whatsapp_sessions (name) values ('dos')`;
    const waiting = await waitFor(
      'dos to say it waits',
      async () =>
        (await listSessionViews(t.db, timing)).find((s) => s.session === 'dos')?.waiting ?? undefined,
      20_000,
    );
    expect(waiting.reason).toBe('workers_full');
    expect(waiting.message).toMatch(/waits for a worker with room/);
    const uno = worker.fakeFor('uno');
    await waitFor(
      'the QR of uno',
      async () => ((await uno.scan().catch(() => undefined)) ? true : undefined),
      20_000,
    );
    await waitFor('uno connected', async () => ((await uno.state()).connected ? true : undefined), 20_000);

    // Stop from the dashboard: the client closes and the lease is released; the free slot goes to `dos`.
    await setSessionDesiredState(t.db, 'uno', 'stopped', actor);
    await waitFor('uno closed', async () => ((await uno.state()).connected ? undefined : true), 10_000);
    const [row] = await t.sql<{ lease_owner: string | null; status: string }[]>`
      select lease_owner, status::text from whatsapp_sessions where name = 'uno'`;
    expect(row).toEqual({ lease_owner: null, status: 'disconnected' });
    await waitFor(
      'dos to be claimed in the freed slot',
      async () =>
        (await t.sql`select 1 from whatsapp_sessions where name = 'dos' and lease_owner is not null`).length
          ? true
          : undefined,
      10_000,
    );
    const views = await listSessionViews(t.db, timing);
    expect(views.find((s) => s.session === 'uno')).toMatchObject({ desiredState: 'stopped', waiting: null });
    expect(views.find((s) => s.session === 'dos')?.waiting).toBeNull();

    // Delete `dos` (purging its chats): its client stops and it is gone from every list.
    const dos = worker.fakeFor('dos');
    await waitFor(
      'the QR of dos',
      async () => ((await dos.scan().catch(() => undefined)) ? true : undefined),
      20_000,
    );
    await waitFor('dos connected', async () => ((await dos.state()).connected ? true : undefined), 20_000);
    await deleteSession(t.db, 'dos', { messages: 'purge' }, actor);
    await waitFor('dos closed', async () => ((await dos.state()).connected ? undefined : true), 10_000);
    expect((await listSessions(t.db)).map((s) => s.name)).toEqual(['uno']);
    expect((await listSessionViews(t.db, timing)).map((s) => s.session)).toEqual(['uno']);
    expect(await t.sql`select 1 from whatsapp_sessions where name = 'dos'`).toHaveLength(0);

    // Started again, `uno` comes back on its own: its phone is still linked.
    await setSessionDesiredState(t.db, 'uno', 'running', actor);
    await waitFor(
      'uno connected again',
      async () => ((await uno.state()).connected ? true : undefined),
      20_000,
    );
  });
});
