import { eq } from 'drizzle-orm';
import type { Tx } from '../../lib/db';
import { whatsappChats, whatsappCommands } from '../../lib/db/schema';
import { getRequest } from '../../lib/reservations/list-requests';
import { processStoredMessages } from '../../lib/reservations/process-messages';
import {
  createBinding,
  createChat,
  createExperience,
  createGroup,
  createMessage,
  createOperator,
  createOrganizer,
  createReservation,
  createSession,
} from './factories';

/** One outbox command as stored; throws when there is none. */
export async function commandRow(db: Tx, commandId: number) {
  const [command] = await db.select().from(whatsappCommands).where(eq(whatsappCommands.id, commandId));
  if (!command) throw new Error(`no command ${commandId}`);
  return command;
}

/**
 * What the worker does after a send succeeded: the command gets its result and our own message is stored
 * with the ack WhatsApp reported (0 pending, 1 server, …). Lets domain tests drive the pipeline without a
 * worker.
 */
export async function simulateSentMessage(db: Tx, commandId: number, ack: number) {
  const command = await commandRow(db, commandId);
  const chatWaId = String(command.payload.chatId);
  let [chat] = await db.select().from(whatsappChats).where(eq(whatsappChats.waId, chatWaId));
  if (!chat) {
    [chat] = await db
      .insert(whatsappChats)
      .values({ sessionId: command.sessionId, waId: chatWaId, isGroup: chatWaId.endsWith('@g.us') })
      .returning();
  }
  const message = await createMessage(db, {
    sessionId: command.sessionId,
    chatId: chat!.id,
    fromMe: true,
    body: String(command.payload.body),
    ack,
    source: 'sent',
  });
  await db
    .update(whatsappCommands)
    .set({
      status: 'succeeded',
      finishedAt: new Date(),
      result: { protocolId: message.protocolId, serializedId: message.serializedId, chatId: chatWaId },
    })
    .where(eq(whatsappCommands.id, commandId));
  return message;
}

/**
 * A customer, an experience with an operator and a reservation, and optionally the group that receives the
 * notifications: the usual cast of a reservation-request test.
 */
export async function requestScenario(
  db: Tx,
  options: { group?: 'operator_default' | 'override' | 'none'; operatorPhone?: string | null } = {},
) {
  const session = await createSession(db);
  const customer = await createChat(db, { sessionId: session.id, name: 'Camila Rojas' });
  const group = await createGroup(db, { sessionId: session.id, name: 'Reservas Kayak Sur' });
  const organizer = await createOrganizer(db, { name: 'Kayak Sur' });
  const operator = await createOperator(db, {
    organizerId: organizer.id,
    name: 'Kayak Sur',
    phone: options.operatorPhone === undefined ? '+56 9 8111 2222' : options.operatorPhone,
    defaultGroupChatId: (options.group ?? 'operator_default') === 'operator_default' ? group.id : null,
  });
  const experience = await createExperience(db, {
    organizerId: organizer.id,
    operatorId: operator.id,
    title: 'Kayak en Puerto Varas',
  });
  if (options.group === 'override')
    await createBinding(db, { experienceId: experience.id, chatId: group.id, isOverride: true });
  const reservation = await createReservation(db, {
    experienceId: experience.id,
    customerName: 'Camila Rojas',
    customerPhone: '+56 9 7123 4567',
    date: '2026-12-20',
    partySize: 3,
  });
  return { session, customer, group, organizer, operator, experience, reservation };
}

/** A request whose customer message was processed: matched, its notification queued (command id included). */
export async function notifiedScenario(db: Tx, options: Parameters<typeof requestScenario>[1] = {}) {
  const s = await requestScenario(db, options);
  const message = await createMessage(db, {
    sessionId: s.session.id,
    chatId: s.customer.id,
    body: `Hola, tengo la reserva ${s.reservation.code}`,
  });
  const { created } = await processStoredMessages(db, { sessionId: s.session.id, messageIds: [message.id] });
  const request = await getRequest(db, created[0]!);
  return { ...s, request, commandId: request.notificationCommandId! };
}
