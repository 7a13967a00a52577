import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappCommands, whatsappMessages } from '../lib/db/schema';
import { getRequest } from '../lib/reservations/list-requests';
import {
  checkNotificationDeadlines,
  handleOutgoingAcks,
  handleSendResult,
} from '../lib/reservations/notification/outcomes';
import { processStoredMessages } from '../lib/reservations/process-messages';
import { withClockOffset } from './support/clock';
import { createTestDb, type TestDb } from './support/db';
import { createChat, createGroup, createMessage } from './support/factories';
import {
  type requestScenario,
  notifiedScenario as sharedNotifiedScenario,
  simulateSentMessage,
} from './support/pipeline';

const LATER = () => new Date(Date.now() + 3600_000);

describe('reservation requests: notification outcomes and operator answers', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  const notifiedScenario = (options: Parameters<typeof requestScenario>[1] = {}) =>
    sharedNotifiedScenario(t.db, options);
  const commandsFor = (requestId: number) =>
    t.db
      .select()
      .from(whatsappCommands)
      .where(like(whatsappCommands.idempotencyKey, `request:${requestId}:%`))
      .orderBy(whatsappCommands.id);
  async function say(sessionId: number, chatId: number, body: string, senderWid = '56981112222@c.us') {
    const message = await createMessage(t.db, { sessionId, chatId, body, senderWid });
    return processStoredMessages(t.db, { sessionId, messageIds: [message.id] });
  }

  it('retries a failed send once, then gives up with the reason', async () => {
    const s = await notifiedScenario();
    await handleSendResult(t.db, { commandId: s.commandId, ok: false, error: 'chat not found' });
    const retried = await getRequest(t.db, s.request.id);
    expect(retried).toMatchObject({ status: 'matched', notifyAttempts: 2 });
    const [first, second] = await commandsFor(s.request.id);
    expect(second).toMatchObject({
      id: retried.notificationCommandId,
      idempotencyKey: `request:${s.request.id}:notify:2`,
      payload: { chatId: first?.payload.chatId, body: first?.payload.body },
    });

    // The outcome of the superseded first attempt, reported again, changes nothing.
    await handleSendResult(t.db, { commandId: s.commandId, ok: false, error: 'chat not found' });
    expect((await getRequest(t.db, s.request.id)).notifyAttempts).toBe(2);

    await handleSendResult(t.db, { commandId: second!.id, ok: false, error: 'chat not found' });
    const failed = await getRequest(t.db, s.request.id);
    expect(failed.status).toBe('notify_failed');
    expect(failed.error).toContain('chat not found');
    expect(await commandsFor(s.request.id)).toHaveLength(2);
  });

  it('retries once when no server ack arrives in time, then fails; the unsent attempt is withdrawn', async () => {
    const s = await notifiedScenario();
    expect(await checkNotificationDeadlines(t.db, { sessionId: s.session.id })).toEqual({
      retried: [],
      failed: [],
    });

    const first = await checkNotificationDeadlines(t.db, { sessionId: s.session.id, now: LATER() });
    expect(first.retried).toContain(s.request.id);
    const [withdrawn, retry] = await commandsFor(s.request.id);
    expect(withdrawn?.status).toBe('cancelled');
    expect(retry?.status).toBe('pending');

    const second = await checkNotificationDeadlines(t.db, { sessionId: s.session.id, now: LATER() });
    expect(second.failed).toContain(s.request.id);
    const failed = await getRequest(t.db, s.request.id);
    expect(failed.status).toBe('notify_failed');
    expect(failed.error).toContain('sin confirmación del servidor de WhatsApp');
    expect((await commandsFor(s.request.id)).map((c) => c.status)).toEqual(['cancelled', 'cancelled']);
  });

  it("judges the deadline by the database's clock: a worker clock running ahead retries nothing early", async () => {
    const s = await notifiedScenario();
    // Ten minutes ahead: past the 120 s deadline by this host's clock, not by the database's that stamped it.
    const checked = await withClockOffset(600_000, () =>
      checkNotificationDeadlines(t.db, { sessionId: s.session.id }),
    );
    expect(checked).toEqual({ retried: [], failed: [] });
    expect((await commandsFor(s.request.id)).map((c) => c.status)).toEqual(['pending']);
    expect((await getRequest(t.db, s.request.id)).status).toBe('matched');
  });

  it('becomes notified when the sent notification gets its server ack', async () => {
    const s = await notifiedScenario();
    const sent = await simulateSentMessage(t.db, s.commandId, 0);
    await handleSendResult(t.db, { commandId: s.commandId, ok: true, protocolId: sent.protocolId });
    expect((await getRequest(t.db, s.request.id)).status).toBe('matched');

    await t.db.update(whatsappMessages).set({ ack: 1 }).where(eq(whatsappMessages.id, sent.id));
    await handleOutgoingAcks(t.db, { sessionId: s.session.id, protocolIds: [sent.protocolId] });
    const notified = await getRequest(t.db, s.request.id);
    expect(notified).toMatchObject({ status: 'notified', error: null, notifyDeadlineAt: null });
    // A deadline check afterwards leaves it alone.
    await checkNotificationDeadlines(t.db, { sessionId: s.session.id, now: LATER() });
    expect((await getRequest(t.db, s.request.id)).status).toBe('notified');
  });

  it('is notified at once when the ack arrived before the send was reported', async () => {
    const s = await notifiedScenario();
    const sent = await simulateSentMessage(t.db, s.commandId, 2);
    await handleSendResult(t.db, { commandId: s.commandId, ok: true, protocolId: sent.protocolId });
    expect((await getRequest(t.db, s.request.id)).status).toBe('notified');
  });

  it('an operator confirmation in the group confirms and replies to the customer, once', async () => {
    const s = await notifiedScenario();
    const answer = await createMessage(t.db, {
      sessionId: s.session.id,
      chatId: s.group.id,
      body: `${s.reservation.code} confirmo ✅`,
      senderWid: '56981112222@c.us',
    });
    const input = { sessionId: s.session.id, messageIds: [answer.id] };
    expect((await processStoredMessages(t.db, input)).answered).toEqual([s.request.id]);
    await processStoredMessages(t.db, input);

    const confirmed = await getRequest(t.db, s.request.id);
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.trace.at(-1)?.note).toContain('+56981112222');
    const replies = (await commandsFor(s.request.id)).filter((c) => c.idempotencyKey?.endsWith(':reply'));
    expect(replies).toHaveLength(1);
    expect(replies[0]?.payload).toMatchObject({
      chatId: s.customer.waId,
      purpose: { type: 'request_reply', requestId: s.request.id },
    });
    expect(String(replies[0]?.payload.body)).toContain('está confirmada');
  });

  it('an operator rejection rejects and sends the rejection reply', async () => {
    const s = await notifiedScenario({ group: 'override' });
    await say(s.session.id, s.group.id, `Lo siento, ${s.reservation.code} no disponible ese día`);
    expect((await getRequest(t.db, s.request.id)).status).toBe('rejected');
    const [reply] = (await commandsFor(s.request.id)).filter((c) => c.idempotencyKey?.endsWith(':reply'));
    expect(String(reply?.payload.body)).toContain('no tiene disponibilidad');
  });

  it('ignores a confirmation in an unrelated group, and creates no request there', async () => {
    const s = await notifiedScenario();
    const unrelated = await createGroup(t.db, { sessionId: s.session.id, name: 'Amigos del kayak' });
    const result = await say(s.session.id, unrelated.id, `${s.reservation.code} confirmo`);
    expect(result).toEqual({ created: [], answered: [] });
    expect((await getRequest(t.db, s.request.id)).status).toBe('matched');
  });

  it('changes nothing on an ambiguous answer, and notes it', async () => {
    const s = await notifiedScenario();
    await say(s.session.id, s.group.id, `${s.reservation.code} confirmo, RES-OTRO99 no disponible`);
    const request = await getRequest(t.db, s.request.id);
    expect(request.status).toBe('matched');
    expect(request.trace.at(-1)?.note).toContain('ambigua');
  });

  it("takes the answer from the operator's own chat when the notification went to their phone", async () => {
    const s = await notifiedScenario({ group: 'none', operatorPhone: '+56 9 8111 2222' });
    const operatorChat = await createChat(t.db, { sessionId: s.session.id, waId: '56981112222@c.us' });
    const result = await say(s.session.id, operatorChat.id, `ok ${s.reservation.code}`);
    expect(result.created).toEqual([]);
    expect((await getRequest(t.db, s.request.id)).status).toBe('confirmed');
  });

  it('records in the trace whether the customer reply was sent', async () => {
    const s = await notifiedScenario();
    await say(s.session.id, s.group.id, `${s.reservation.code} confirmo`);
    const [reply] = (await commandsFor(s.request.id)).filter((c) => c.idempotencyKey?.endsWith(':reply'));
    await handleSendResult(t.db, { commandId: reply!.id, ok: false, error: 'número no existe' });
    const request = await getRequest(t.db, s.request.id);
    expect(request.status).toBe('confirmed');
    expect(request.trace.at(-1)?.note).toBe('No se pudo enviar la respuesta al cliente: número no existe.');
  });
});
