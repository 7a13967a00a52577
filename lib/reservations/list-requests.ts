import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
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
import { parseInput } from '../errors/parse';
import { decodeCursor, microsText, pageInput, toPage } from '../pagination/cursor';
import { REQUEST_STATUSES } from './request-status';

const customerChats = alias(whatsappChats, 'customer_chat');
const groupChats = alias(whatsappChats, 'group_chat');

export const listRequestsInput = z.object({
  status: z.union([z.enum(REQUEST_STATUSES), z.array(z.enum(REQUEST_STATUSES)).min(1)]).optional(),
  code: z.string().trim().min(1).max(40).optional(),
  ...pageInput,
});
export type ListRequestsInput = z.input<typeof listRequestsInput>;

const summary = {
  id: requests.id,
  code: requests.code,
  status: requests.status,
  error: requests.error,
  notifyAttempts: requests.notifyAttempts,
  groupSource: requests.groupSource,
  createdAt: requests.createdAt,
  updatedAt: requests.updatedAt,
  messageId: requests.messageId,
  messageBody: whatsappMessages.body,
  customerChat: { id: customerChats.id, waId: customerChats.waId, name: customerChats.name },
  experience: { id: experiences.id, title: experiences.title },
  operator: { id: tourOperators.id, name: tourOperators.name },
  groupChat: { id: groupChats.id, waId: groupChats.waId, name: groupChats.name },
};

function baseQuery(db: Tx) {
  return db
    .select({ ...summary, cursorAt: microsText(requests.createdAt) })
    .from(requests)
    .innerJoin(whatsappMessages, eq(whatsappMessages.id, requests.messageId))
    .innerJoin(customerChats, eq(customerChats.id, whatsappMessages.chatId))
    .leftJoin(experiences, eq(experiences.id, requests.experienceId))
    .leftJoin(tourOperators, eq(tourOperators.id, requests.operatorId))
    .leftJoin(groupChats, eq(groupChats.id, requests.groupChatId))
    .$dynamic();
}

/** Newest first, `limit` at a time; pass `nextCursor` back to get the following page. */
export async function listRequests(db: Tx, input: ListRequestsInput = {}) {
  const { status, code, cursor, limit } = parseInput(listRequestsInput, input);
  const filters: (SQL | undefined)[] = [];
  if (status) filters.push(inArray(requests.status, Array.isArray(status) ? status : [status]));
  if (code) filters.push(eq(requests.code, code.toUpperCase()));
  if (cursor) {
    const { k, id } = decodeCursor(cursor);
    filters.push(sql`(${requests.createdAt}, ${requests.id}) < (${k ?? ''}::timestamptz, ${id})`);
  }
  const rows = await baseQuery(db)
    .where(and(...filters))
    .orderBy(desc(requests.createdAt), desc(requests.id))
    .limit(limit + 1);
  return toPage(
    rows,
    limit,
    (row) => row.cursorAt,
    ({ cursorAt: _, ...item }) => item,
  );
}

/** One request with its full trace and the reservation it matched. */
export async function getRequest(db: Tx, requestId: number) {
  const id = parseInput(z.number().int().positive(), requestId, 'Invalid reservation request id.');
  const [row] = await baseQuery(db).where(eq(requests.id, id));
  if (!row) throw new NotFound(`No reservation request ${id}.`, { requestId: id });
  const [detail] = await db
    .select({
      trace: requests.trace,
      notificationCommandId: requests.notificationCommandId,
      notifyDeadlineAt: requests.notifyDeadlineAt,
      reservation: reservations,
    })
    .from(requests)
    .leftJoin(reservations, eq(reservations.id, requests.reservationId))
    .where(eq(requests.id, id));
  const { cursorAt: _, ...item } = row;
  return { ...item, ...detail! };
}
