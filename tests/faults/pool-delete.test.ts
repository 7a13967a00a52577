import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../lib/audit/actor';
import { enqueueCommand } from '../../lib/commands/enqueue';
import { getRequest } from '../../lib/reservations/list-requests';
import { deleteSession } from '../../lib/whatsapp/sessions/manage';
import { commandRow, notifiedScenario } from '../support/pipeline';
import { waitFor } from '../support/processes';
import { faultScenario, linkFakePhone } from './support/faults';

/**
 * One real worker process running two numbers, each deleted from the dashboard while linked: its device is
 * signed out of WhatsApp (it leaves the phone's Linked devices) before its client closes, whether its chats
 * are kept or purged, and the other number keeps running.
 */
describe('deleting a linked number', () => {
  const scenario = faultScenario('tuki-fault-pool-delete-');

  it('settles what a worker that died mid-send left on a number deleted meanwhile', async () => {
    const { t } = scenario;
    const s = await notifiedScenario(t.db);
    // A worker took the operator's notification to WhatsApp and died; the number was then deleted (kept).
    await t.sql`update whatsapp_commands set status = 'sending', claimed_by = 'dead-worker', claimed_at = now()
      where id = ${s.commandId}`;
    await t.sql`update whatsapp_sessions set lease_owner = 'dead-worker',
      lease_expires_at = now() - interval '1 second' where id = ${s.session.id}`;
    await deleteSession(t.db, s.session.name, { messages: 'keep' }, SYSTEM_ACTOR);
    // Deleting leaves claimed work to its worker, and that worker is gone: nothing else would ever move it.
    expect((await commandRow(t.db, s.commandId)).status).toBe('sending');

    const worker = await scenario.startWorker();
    const settled = await waitFor(
      'the notification settled',
      async () => {
        const row = await commandRow(t.db, s.commandId);
        return row.status === 'sending' ? undefined : row;
      },
      20_000,
    );
    // It may have gone out: unknown for a person to check, never sent again, and the request says so.
    expect(settled.status).toBe('unknown');
    const request = await getRequest(t.db, s.request.id);
    expect(request.status).toBe('notify_failed');
    expect(request.error).toMatch(/mientras se enviaba el aviso .*no se sabe si salió/);
    await worker.stop();
  });

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
