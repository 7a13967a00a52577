import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../lib/audit/actor';
import { enqueueCommand } from '../../lib/commands/enqueue';
import { deleteSession } from '../../lib/whatsapp/sessions/manage';
import { waitFor } from '../support/processes';
import { faultScenario, linkFakePhone } from './support/faults';

/**
 * One real worker process running two numbers, each deleted from the dashboard while linked: its device is
 * signed out of WhatsApp (it leaves the phone's Linked devices) before its client closes, whether its chats
 * are kept or purged, and the other number keeps running.
 */
describe('deleting a linked number', () => {
  const scenario = faultScenario('tuki-fault-pool-delete-');

  it('signs its device out of WhatsApp, with keep and with purge, and leaves the other number running', async () => {
    const { t } = scenario;
    await t.sql`insert into whatsapp_sessions (name) values ('uno'), ('dos')`;
    const worker = await scenario.startWorker({ WORKER_MAX_SESSIONS: '2' });
    const link = (name: string) => linkFakePhone(worker.fakeFor(name), name);
    const uno = await link('uno');
    const dos = await link('dos');
    const released = (name: string) =>
      waitFor(
        `the lease of ${name} released`,
        async () =>
          (await t.sql`select 1 from whatsapp_sessions where name = ${name} and lease_owner is not null`)
            .length
            ? undefined
            : true,
        20_000,
      );

    // A send of dos waits for its turn (a retry's delay) when dos is deleted: it comes due while the device is
    // being signed out, and a deleted number sends nothing. The library closes the browser (a disconnect)
    // before its logout() returns; that disconnect must not start another client for the deleted number.
    const [dosRow] = await t.sql<{ id: number }[]>`select id::int from whatsapp_sessions where name = 'dos'`;
    await enqueueCommand(t.db, {
      sessionId: dosRow!.id,
      kind: 'send_message',
      payload: { chatId: '56971234567@c.us', body: 'No debe salir' },
      runAfter: new Date(Date.now() + 2000),
    });
    await dos.misbehave({ slowLogoutMs: 5000 });
    const clientsBefore = (await dos.state()).clients;
    await deleteSession(t.db, 'dos', { messages: 'keep' }, SYSTEM_ACTOR);
    await released('dos');
    expect((await dos.sent()).map((s) => s.body)).not.toContain('No debe salir');
    expect(await dos.state()).toMatchObject({ connected: false, linked: false, clients: clientsBefore });
    expect(await uno.state()).toMatchObject({ connected: true, linked: true });

    // A sign-out that outlasts heartbeats: the purge removed the row, so the heartbeat finds no lease, and
    // that must not cut the sign-out short.
    await uno.misbehave({ slowLogoutMs: 8000 });
    await deleteSession(t.db, 'uno', { messages: 'purge' }, SYSTEM_ACTOR);
    await waitFor('uno closed', async () => ((await uno.state()).connected ? undefined : true), 30_000);
    expect((await uno.state()).linked).toBe(false);
  });
});
