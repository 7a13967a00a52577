import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../lib/audit/actor';
import { enqueueCommand } from '../lib/commands/enqueue';
import { whatsappCommands, whatsappSessions } from '../lib/db/schema';
import { getRequest } from '../lib/reservations/list-requests';
import { settleAbandonedNumbers, settleDeletedNumber } from '../lib/whatsapp/sessions/leftover-commands';
import { deleteSession } from '../lib/whatsapp/sessions/manage';
import { createTestDb, type TestDb } from './support/db';
import { createChat, createSession } from './support/factories';
import { commandRow, notifiedScenario } from './support/pipeline';

/**
 * A number deleted with `keep` is never run again, so what it still had queued would wait for ever: a
 * customer's reservation request stuck "matched", its operator never told, nothing on the failed list.
 */
describe('deleting a number that still has work queued', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  const command = (id: number) => commandRow(t.db, id);
  const queueSend = async (sessionId: number, chatId: string, body: string) =>
    (await enqueueCommand(t.db, { sessionId, kind: 'send_message', payload: { chatId, body } })).command;

  it('cancels its queued sends, fails the request waiting on one, and leaves claimed and other numbers’ work alone', async () => {
    const s = await notifiedScenario(t.db);
    const customer = await createChat(t.db, { sessionId: s.session.id, waId: '56971234567@c.us' });
    const queued = await queueSend(s.session.id, customer.waId, 'Hola, ¿cómo estás?');
    const claimed = await queueSend(s.session.id, customer.waId, 'ya saliendo');
    await t.db.update(whatsappCommands).set({ status: 'running' }).where(eq(whatsappCommands.id, claimed.id));
    const other = await createSession(t.db);
    const elsewhere = await queueSend(other.id, '56970000009@c.us', 'otro número');

    await deleteSession(t.db, s.session.name, { messages: 'keep' }, SYSTEM_ACTOR);

    for (const id of [s.commandId, queued.id])
      expect(await command(id)).toMatchObject({
        status: 'cancelled',
        error: 'The WhatsApp number was deleted before this ran.',
        finishedAt: expect.any(Date),
      });
    expect((await command(claimed.id)).status).toBe('running');
    expect((await command(elsewhere.id)).status).toBe('pending');

    const request = await getRequest(t.db, s.request.id);
    expect(request.status).toBe('notify_failed');
    expect(request.error).toBe('se eliminó el número de WhatsApp antes de enviar el aviso (intento 1)');
    expect(request.trace.at(-1)).toMatchObject({ status: 'notify_failed', note: request.error });
  });

  it('leaves a request alone whose notification was already sent', async () => {
    const s = await notifiedScenario(t.db);
    await t.db
      .update(whatsappCommands)
      .set({ status: 'succeeded', finishedAt: new Date() })
      .where(eq(whatsappCommands.id, s.commandId));

    await deleteSession(t.db, s.session.name, { messages: 'keep' }, SYSTEM_ACTOR);

    expect((await command(s.commandId)).status).toBe('succeeded');
    expect((await getRequest(t.db, s.request.id)).status).toBe('matched');
  });

  /** What a worker leaves on a number deleted under it: a send it put back (the page closed), one mid-send. */
  async function leftOnADeletedNumber(lease: { owner: string; expired: boolean }) {
    const s = await notifiedScenario(t.db);
    const customer = await createChat(t.db, { sessionId: s.session.id, waId: '56971234567@c.us' });
    const claim = (id: number, status: 'running' | 'sending') =>
      t.db
        .update(whatsappCommands)
        .set({ status, claimedBy: lease.owner })
        .where(eq(whatsappCommands.id, id));
    await claim(s.commandId, 'sending');
    const running = await queueSend(s.session.id, customer.waId, 'a medio camino');
    await claim(running.id, 'running');
    await t.db
      .update(whatsappSessions)
      .set({
        leaseOwner: lease.owner,
        leaseExpiresAt: sql`now() + make_interval(secs => ${lease.expired ? -5 : 30})`,
      })
      .where(eq(whatsappSessions.id, s.session.id));
    const requeued = await queueSend(s.session.id, customer.waId, 'de vuelta en la cola');
    await claim(requeued.id, 'running');
    await deleteSession(t.db, s.session.name, { messages: 'keep' }, SYSTEM_ACTOR);
    // Then the worker's page closed under that send before it reached WhatsApp: it went back to the queue.
    await t.db
      .update(whatsappCommands)
      .set({ status: 'pending', claimedBy: null })
      .where(eq(whatsappCommands.id, requeued.id));
    return { s, running, requeued };
  }

  it('settles what its worker left once the worker lets the number go: nothing waits for ever, nothing is re-sent', async () => {
    const { s, running, requeued } = await leftOnADeletedNumber({ owner: 'worker-a', expired: false });
    // Claimed work is the worker's while it runs: the deletion left it alone.
    expect((await command(s.commandId)).status).toBe('sending');

    // Another worker cannot settle a number it does not hold.
    expect(await settleDeletedNumber(t.db, s.session.id, { owner: 'worker-b' })).toBe(0);
    await settleAbandonedNumbers(t.db);
    expect((await command(requeued.id)).status).toBe('pending');
    expect((await command(s.commandId)).status).toBe('sending');

    expect(await settleDeletedNumber(t.db, s.session.id, { owner: 'worker-a' })).toBe(3);
    for (const id of [running.id, requeued.id])
      expect(await command(id)).toMatchObject({
        status: 'cancelled',
        error: 'The WhatsApp number was deleted before this ran.',
        claimedBy: null,
        finishedAt: expect.any(Date),
      });
    expect(await command(s.commandId)).toMatchObject({
      status: 'unknown',
      error:
        'The WhatsApp number was deleted while this was being sent; it may have gone out. Check the chat.',
      claimedBy: null,
    });
    const request = await getRequest(t.db, s.request.id);
    expect(request.status).toBe('notify_failed');
    expect(request.error).toBe(
      'se eliminó el número de WhatsApp mientras se enviaba el aviso (intento 1); no se sabe si salió: revisa el grupo antes de reintentar',
    );
    // Settled once: a second pass finds nothing.
    expect(await settleDeletedNumber(t.db, s.session.id, { owner: 'worker-a' })).toBe(0);
  });

  it('lets any worker settle a deleted number whose worker died, once its lease has run out', async () => {
    const { s, running, requeued } = await leftOnADeletedNumber({ owner: 'dead-worker', expired: true });
    // (Other tests here leave deleted numbers with open commands too: the count is not this one's alone.)
    expect(await settleAbandonedNumbers(t.db)).toBeGreaterThanOrEqual(3);
    expect((await command(running.id)).status).toBe('cancelled');
    expect((await command(requeued.id)).status).toBe('cancelled');
    expect((await command(s.commandId)).status).toBe('unknown');
    expect((await getRequest(t.db, s.request.id)).status).toBe('notify_failed');
  });

  it('never settles a number that was not deleted', async () => {
    const s = await notifiedScenario(t.db);
    await t.db
      .update(whatsappSessions)
      .set({ leaseOwner: null, leaseExpiresAt: null })
      .where(eq(whatsappSessions.id, s.session.id));
    expect(await settleDeletedNumber(t.db, s.session.id, { owner: 'worker-a' })).toBe(0);
    expect(await settleDeletedNumber(t.db, s.session.id, 'abandoned')).toBe(0);
    await settleAbandonedNumbers(t.db);
    expect((await command(s.commandId)).status).toBe('pending');
  });
});
