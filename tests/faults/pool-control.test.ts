import { afterAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../lib/audit/actor';
import { createApiKey } from '../../lib/auth/api-keys';
import { listSessions } from '../../lib/whatsapp/sessions/lease';
import { waitFor } from '../support/processes';
import { startWeb, type Web } from '../support/stack';
import { faultScenario, linkFakePhone } from './support/faults';

interface View {
  session: string;
  desiredState: string;
  waiting: { reason: string; message: string } | null;
}

/**
 * One real worker process with room for one number and the real web server, driven through the REST API as
 * the dashboard drives it: the second number waits and says why; stopping a number closes its client and
 * releases its lease within seconds, which lets the waiting one start; a deleted number leaves every list.
 */
describe('a pool worker with capacity 1', () => {
  const scenario = faultScenario('tuki-fault-pool-control-');
  const env = { WORKER_LEASE_SECONDS: '6', WORKER_HEARTBEAT_SECONDS: '2', WORKER_MAX_SESSIONS: '1' };
  let web: Web | undefined;
  afterAll(async () => {
    await web?.stop();
  });

  it('makes the second number wait, and stop and delete release the number and close its client', async () => {
    const { t } = scenario;
    web = await startWeb(t.url, { WORKER_LEASE_SECONDS: '6' });
    const { key } = await createApiKey(t.db, { name: 'pool control', scope: 'write' }, SYSTEM_ACTOR);
    const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${web!.url}/api/v1/superadmin/whatsapp/sessions/${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const list = async () => (await api<{ items: View[] }>('GET', '')).items;
    const claimed = (name: string) =>
      waitFor(
        `${name} to be claimed`,
        async () =>
          (await t.sql`select 1 from whatsapp_sessions where name = ${name} and lease_owner is not null`)
            .length
            ? true
            : undefined,
        20_000,
      );
    const link = (name: string) => linkFakePhone(worker.fakeFor(name), name, 20_000);
    await t.sql`insert into whatsapp_sessions (name) values ('uno')`;
    const worker = await scenario.startWorker(env);
    await claimed('uno');
    await api('POST', '', { name: 'dos', label: 'Dos' });
    const waiting = await waitFor(
      'dos to say it waits',
      async () => (await list()).find((s) => s.session === 'dos')?.waiting ?? undefined,
      20_000,
    );
    expect(waiting.reason).toBe('workers_full');
    expect(waiting.message).toMatch(/waits for a worker with room/);
    const uno = await link('uno');

    // Stop from the dashboard: the client closes and the lease is released; the free slot goes to `dos`.
    await api('POST', 'uno/stop/');
    await waitFor('uno closed', async () => ((await uno.state()).connected ? undefined : true), 10_000);
    // Then its lease is released (after the buffer is flushed) and it reads as disconnected, not as live.
    const released = await waitFor(
      'the lease of uno released',
      async () => {
        const [row] = await t.sql<{ lease_owner: string | null; status: string }[]>`
          select lease_owner, status::text from whatsapp_sessions where name = 'uno'`;
        return row?.lease_owner === null ? row : undefined;
      },
      10_000,
    );
    expect(released.status).toBe('disconnected');
    // `dos` is claimed in the freed slot.
    await claimed('dos');
    const views = await list();
    expect(views.find((s) => s.session === 'uno')).toMatchObject({ desiredState: 'stopped', waiting: null });
    expect(views.find((s) => s.session === 'dos')?.waiting).toBeNull();

    // Delete `dos` (purging its chats): its client stops and it is gone from every list.
    const dos = await link('dos');
    await api('DELETE', 'dos/', { messages: 'purge' });
    await waitFor('dos closed', async () => ((await dos.state()).connected ? undefined : true), 10_000);
    expect((await listSessions(t.db)).map((s) => s.name)).toEqual(['uno']);
    expect((await list()).map((s) => s.session)).toEqual(['uno']);
    expect(await t.sql`select 1 from whatsapp_sessions where name = 'dos'`).toHaveLength(0);

    // Started again, `uno` comes back on its own: its phone is still linked.
    await api('POST', 'uno/start/');
    await waitFor(
      'uno connected again',
      async () => ((await uno.state()).connected ? true : undefined),
      20_000,
    );
  });
});
