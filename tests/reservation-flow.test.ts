import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../lib/log';
import { createDomainHooks } from '../worker/domain-hooks';
import { createTestDb, type TestDb } from './support/db';
import {
  createBinding,
  createExperience,
  createOperator,
  createOrganizer,
  createReservation,
} from './support/factories';
import { messageDto } from './support/messages';
import { waitFor } from './support/processes';
import { startHarness } from './support/worker-harness';

/**
 * The product's core promise, through the worker with the real domain hooks: a customer's message with a
 * reservation code becomes a request, the operator's group is notified once, and the operator's answer in
 * the group confirms it and replies to the customer.
 */
describe('reservation request flow (worker + fake WhatsApp)', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof startHarness>>;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());
  afterEach(() => h.cleanup());

  const GROUP = '120363099999999999@g.us';
  const CUSTOMER = '56912345678@c.us';

  async function request() {
    const [row] = await t.sql<{ id: number; status: string; code: string; trace: { status: string }[] }[]>`
      select id::int8 as id, status::text, code, trace from whatsapp_reservation_requests`;
    return row;
  }

  it('routes a customer code to the bound group and closes the loop when the operator confirms', {
    timeout: 60_000,
  }, async () => {
    const { hooks, pace } = createDomainHooks(createLogger('test', 'silent'));
    h = await startHarness(t, {}, t, undefined, { hooks, pace });
    h.world.linked = true;
    h.world.upsertChat({ id: GROUP, name: 'Operador Torres del Paine', isGroup: true, participants: null });
    h.world.upsertChat({ id: CUSTOMER, name: 'Ana Pérez', isGroup: false, participants: null });
    h.start();
    await h.waitForStatus('ready');
    await waitFor(
      'the group row',
      async () => {
        const rows = await t.sql`select 1 from whatsapp_chats where wa_id = ${GROUP}`;
        return rows.length ? true : undefined;
      },
      5000,
    );
    const [group] = await t.sql<
      { id: number }[]
    >`select id::int8 as id from whatsapp_chats where wa_id = ${GROUP}`;

    const organizer = await createOrganizer(t.db, { name: 'Patagonia Aventura' });
    const operator = await createOperator(t.db, {
      organizerId: organizer.id,
      name: 'Guías Torres',
      phone: '56977777777',
    });
    const experience = await createExperience(t.db, {
      organizerId: organizer.id,
      operatorId: operator.id,
      title: 'Trekking Base Torres',
    });
    await createBinding(t.db, { experienceId: experience.id, chatId: Number(group!.id), isOverride: true });
    await createReservation(t.db, {
      code: 'RES-7KQ2M',
      experienceId: experience.id,
      customerName: 'Ana Pérez',
      customerPhone: '+56912345678',
      partySize: 2,
      date: '2026-12-12',
    });

    // The customer writes; the library emits the message twice.
    h.driver.deliver(
      [
        messageDto({
          chatId: CUSTOMER,
          senderWid: CUSTOMER,
          body: 'Hola! quiero confirmar mi reserva res-7kq2m para el sábado 🙌',
        }),
      ],
      1,
    );

    await waitFor(
      'the notification in the group',
      () => (h.world.sent.some((s) => s.chatId === GROUP) ? true : undefined),
      15_000,
    );
    const notification = h.world.sent.find((s) => s.chatId === GROUP)!;
    expect(notification.body).toContain('RES-7KQ2M');
    expect(notification.body).toContain('Trekking Base Torres');
    await waitFor(
      'notified',
      async () => ((await request())?.status === 'notified' ? true : undefined),
      10_000,
    );

    // The operator answers in the group.
    h.driver.deliver([
      messageDto({ chatId: GROUP, senderWid: '56977777777@c.us', body: 'Confirmo RES-7KQ2M ✅' }),
    ]);
    await waitFor(
      'confirmed',
      async () => ((await request())?.status === 'confirmed' ? true : undefined),
      10_000,
    );
    await waitFor(
      'the reply to the customer',
      () => (h.world.sent.some((s) => s.chatId === CUSTOMER) ? true : undefined),
      15_000,
    );

    const final = await request();
    expect(final?.trace.map((e) => e.status)).toEqual(
      expect.arrayContaining(['detected', 'matched', 'notified', 'confirmed']),
    );
    // Exactly one notification and one reply despite the duplicated event.
    expect(h.world.sent.filter((s) => s.chatId === GROUP)).toHaveLength(1);
    expect(h.world.sent.filter((s) => s.chatId === CUSTOMER)).toHaveLength(1);
  });
});
