import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../lib/audit/actor';
import { bindExperienceGroup } from '../lib/bindings/experience-binding';
import {
  auditLog,
  whatsappReservationRequests as requests,
  whatsappChats,
  whatsappCommands,
} from '../lib/db/schema';
import { Conflict, NotFound } from '../lib/errors';
import { upsertReservation } from '../lib/platform/upsert-reservation';
import { getRequest, listRequests } from '../lib/reservations/list-requests';
import { replayRequest } from '../lib/reservations/notification/replay';
import { processStoredMessages } from '../lib/reservations/process-messages';
import { createTestDb, type TestDb } from './support/db';
import { createGroup, createMessage } from './support/factories';
import { requestScenario } from './support/pipeline';

const admin: Actor = { type: 'user', id: '1', label: 'ana@tuki.cl' };

describe('reservation requests: detection, matching, notification', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  async function customerSays(s: Awaited<ReturnType<typeof requestScenario>>, body: string, extra = {}) {
    const message = await createMessage(t.db, {
      sessionId: s.session.id,
      chatId: s.customer.id,
      body,
      ...extra,
    });
    const result = await processStoredMessages(t.db, { sessionId: s.session.id, messageIds: [message.id] });
    return { message, result };
  }
  const requestsOf = (messageId: number) =>
    t.db.select().from(requests).where(eq(requests.messageId, messageId));
  const commandsFor = (requestId: number) =>
    t.db
      .select()
      .from(whatsappCommands)
      .where(like(whatsappCommands.idempotencyKey, `request:${requestId}:%`));

  it("notifies the experience's group with the filled-in template", async () => {
    const s = await requestScenario(t.db);
    const { result } = await customerSays(
      s,
      `Hola! Les escribo por mi reserva ${s.reservation.code.toLowerCase()} 🙂`,
    );
    expect(result.created).toHaveLength(1);
    const request = await getRequest(t.db, result.created[0]!);
    expect(request).toMatchObject({
      status: 'matched',
      code: s.reservation.code,
      groupSource: 'operator_default',
      groupChat: { id: s.group.id },
      experience: { title: 'Kayak en Puerto Varas' },
      notifyAttempts: 1,
    });
    expect(request.trace.map((e) => e.status)).toEqual(['detected', 'matched']);
    expect(request.notifyDeadlineAt).not.toBeNull();

    const [command] = await commandsFor(request.id);
    expect(command).toMatchObject({
      id: request.notificationCommandId,
      kind: 'send_message',
      idempotencyKey: `request:${request.id}:notify:1`,
      payload: { chatId: s.group.waId, purpose: { type: 'reservation_request', requestId: request.id } },
    });
    const body = String(command?.payload.body);
    for (const part of [
      s.reservation.code,
      'Kayak en Puerto Varas',
      'Camila Rojas',
      '20 de diciembre de 2026',
      '3',
      'https://wa.me/56971234567',
    ])
      expect(body).toContain(part);
  });

  it('creates one request and one notification however often the same message is processed', async () => {
    const s = await requestScenario(t.db);
    const { message } = await customerSays(s, `Reserva ${s.reservation.code}`);
    const again = { sessionId: s.session.id, messageIds: [message.id] };
    await Promise.all([processStoredMessages(t.db, again), processStoredMessages(t.db, again)]);
    await processStoredMessages(t.db, again);
    const rows = await requestsOf(message.id);
    expect(rows).toHaveLength(1);
    expect(await commandsFor(rows[0]!.id)).toHaveLength(1);
  });

  it('creates one request per code of a message, and none for our own or history messages', async () => {
    const s = await requestScenario(t.db);
    const other = await upsertReservation(t.db, 'RES-OTRA1', {
      experienceExternalId: s.experience.externalId!,
      customerName: 'Pedro Soto',
    });
    const { message } = await customerSays(s, `Son dos: ${s.reservation.code} y ${other.reservation.code}`);
    expect((await requestsOf(message.id)).map((r) => r.code)).toEqual([s.reservation.code, 'RES-OTRA1']);

    const ours = await customerSays(s, `Tu reserva ${s.reservation.code} está lista`, { fromMe: true });
    const history = await customerSays(s, `Reserva ${s.reservation.code}`, { source: 'history' });
    expect(await requestsOf(ours.message.id)).toHaveLength(0);
    expect(await requestsOf(history.message.id)).toHaveLength(0);
  });

  it('marks a code without reservation as unmatched, with the reason', async () => {
    const s = await requestScenario(t.db);
    const { result } = await customerSays(s, 'Mi código es RES-NOEXISTE');
    const request = await getRequest(t.db, result.created[0]!);
    expect(request).toMatchObject({
      status: 'unmatched',
      error: 'No existe una reserva con el código RES-NOEXISTE.',
    });
    expect(await commandsFor(request.id)).toHaveLength(0);
  });

  it("falls back to the operator's phone when the experience has no group, and is unmatched without one", async () => {
    const withPhone = await requestScenario(t.db, { group: 'none', operatorPhone: '+56 9 8111 2222' });
    const first = await customerSays(withPhone, withPhone.reservation.code);
    const [command] = await commandsFor(first.result.created[0]!);
    expect(command?.payload.chatId).toBe('56981112222@c.us');

    const noPhone = await requestScenario(t.db, { group: 'none', operatorPhone: null });
    const second = await customerSays(noPhone, noPhone.reservation.code);
    const request = await getRequest(t.db, second.result.created[0]!);
    expect(request.status).toBe('unmatched');
    expect(request.error).toContain('no tiene grupo');
  });

  it('does not send into a group we left; a replay after fixing the binding notifies the new group', async () => {
    const s = await requestScenario(t.db, { group: 'override' });
    await t.db.update(whatsappChats).set({ weAreMember: false }).where(eq(whatsappChats.id, s.group.id));
    const { result } = await customerSays(s, s.reservation.code);
    const id = result.created[0]!;
    const failed = await getRequest(t.db, id);
    expect(failed).toMatchObject({ status: 'notify_failed', groupChat: { id: s.group.id } });
    expect(failed.error).toContain('ya no participa');
    expect(await commandsFor(id)).toHaveLength(0);

    const fixed = await createGroup(t.db, { sessionId: s.session.id, name: 'Reservas Kayak Sur (nuevo)' });
    await bindExperienceGroup(t.db, { experienceId: s.experience.id, chatId: fixed.id }, admin);
    const replayed = await replayRequest(t.db, { requestId: id, actor: admin });
    expect(replayed).toMatchObject({ status: 'matched', groupChat: { id: fixed.id }, error: null });
    const [command] = await commandsFor(id);
    expect(command?.payload.chatId).toBe(fixed.waId);
    expect((await getRequest(t.db, id)).trace.at(-1)?.note).toContain('Reintento manual por ana@tuki.cl');
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'request.replay'), eq(auditLog.targetId, String(id))));
    expect(audit).toMatchObject({ actorId: '1', details: { from: 'notify_failed', to: 'matched' } });

    await expect(replayRequest(t.db, { requestId: id, actor: admin })).rejects.toBeInstanceOf(Conflict);
    await expect(replayRequest(t.db, { requestId: 999_999, actor: admin })).rejects.toBeInstanceOf(NotFound);
  });

  it('replays an unmatched request once the reservation exists', async () => {
    const s = await requestScenario(t.db);
    const { result } = await customerSays(s, 'RES-LLEGATARDE');
    await upsertReservation(t.db, 'RES-LLEGATARDE', {
      experienceExternalId: s.experience.externalId!,
      customerName: 'Josefa Muñoz',
    });
    const replayed = await replayRequest(t.db, { requestId: result.created[0]!, actor: admin });
    expect(replayed).toMatchObject({ status: 'matched', groupChat: { id: s.group.id }, notifyAttempts: 1 });
  });

  it('lists requests newest first with a status filter and a cursor', async () => {
    const s = await requestScenario(t.db);
    const { message } = await customerSays(s, `${s.reservation.code} RES-NADA1 RES-NADA2 RES-NADA3`);
    const ids = (await requestsOf(message.id)).map((r) => r.id);
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listRequests(t.db, { status: 'unmatched', limit: 2, cursor });
      seen.push(...page.items.map((i) => i.id));
      expect(page.items.every((i) => i.status === 'unmatched')).toBe(true);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(ids.slice(1)));
    expect(seen).not.toContain(ids[0]);
    const matched = await listRequests(t.db, { code: s.reservation.code.toLowerCase() });
    expect(matched.items.map((i) => i.id)).toEqual([ids[0]]);
    expect(matched.items[0]?.customerChat.name).toBe('Camila Rojas');
  });
});
