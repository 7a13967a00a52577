import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '../db';
import {
  experiences,
  whatsappReservationRequests as requests,
  reservations,
  tourOperators,
  whatsappChats,
  whatsappMessages,
} from '../db/schema';
import { NotFound } from '../errors';
import { chatIdToPhone } from '../operators/operator-chat';
import { peopleText, type TemplateValues } from '../settings/render-template';

const customerChats = alias(whatsappChats, 'customer_chat');

/**
 * A request with everything the pipeline reads about it: the customer's message and chat, and the
 * reservation, experience and operator its code points to (each null when it does not exist). Locks the
 * request row so concurrent reactions to the same request run one after the other.
 */
export async function loadRequestContext(tx: Tx, requestId: number) {
  const [row] = await tx
    .select({
      request: requests,
      message: {
        id: whatsappMessages.id,
        body: whatsappMessages.body,
        senderWid: whatsappMessages.senderWid,
      },
      customerChat: { id: customerChats.id, waId: customerChats.waId, name: customerChats.name },
    })
    .from(requests)
    .innerJoin(whatsappMessages, eq(whatsappMessages.id, requests.messageId))
    .innerJoin(customerChats, eq(customerChats.id, whatsappMessages.chatId))
    .where(eq(requests.id, requestId))
    .for('update', { of: requests });
  if (!row) throw new NotFound(`No reservation request ${requestId}.`, { requestId });
  const [reservation] = await tx.select().from(reservations).where(eq(reservations.code, row.request.code));
  const [experience] = reservation
    ? await tx.select().from(experiences).where(eq(experiences.id, reservation.experienceId))
    : [];
  const [operator] = experience?.operatorId
    ? await tx.select().from(tourOperators).where(eq(tourOperators.id, experience.operatorId))
    : [];
  return {
    ...row,
    reservation: reservation ?? null,
    experience: experience ?? null,
    operator: operator ?? null,
  };
}
export type RequestContext = Awaited<ReturnType<typeof loadRequestContext>>;

const dateFormat = new Intl.DateTimeFormat('es-CL', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "2026-12-20" → "domingo, 20 de diciembre de 2026": a reservation date is a calendar day, not an instant. */
export function formatReservationDate(date: string | null): string | null {
  return date ? dateFormat.format(new Date(`${date}T00:00:00Z`)) : null;
}

/**
 * Values for the notification and reply templates. The link opens a WhatsApp chat with the customer
 * (wa.me), which works from the operator's phone without access to this dashboard.
 */
export function templateValues(ctx: RequestContext): TemplateValues {
  const phone = ctx.reservation?.customerPhone ?? chatIdToPhone(ctx.customerChat.waId);
  const digits = phone?.replace(/\D/g, '') ?? '';
  return {
    code: ctx.request.code,
    experience: ctx.experience?.title,
    date: formatReservationDate(ctx.reservation?.date ?? null),
    partySize: ctx.reservation?.partySize,
    people: peopleText(ctx.reservation?.partySize),
    customerName: ctx.reservation?.customerName ?? ctx.customerChat.name,
    customerPhone: phone,
    chatLink: digits.length >= 8 ? `https://wa.me/${digits}` : null,
  };
}
