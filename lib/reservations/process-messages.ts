import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db';
import { whatsappReservationRequests as requests, whatsappChats, whatsappMessages } from '../db/schema';
import { parseInput } from '../errors/parse';
import { publish } from '../events/notify';
import type { Settings } from '../settings/schema';
import { getSettings } from '../settings/settings';
import { enqueueRequestEvent } from '../webhooks/events';
import { detectCodes } from './detect-codes';
import { matchAndNotify } from './notification/notify';
import { type AnswerableMessage, applyOperatorAnswer, requestsNotifiedInto } from './operator-answers';
import { traceEntry } from './request-trace';

export const processStoredMessagesInput = z.object({
  sessionId: z.number().int().positive(),
  messageIds: z.array(z.number().int().positive()).max(5000),
});

export interface ProcessResult {
  /** Requests created by this call (a message processed twice creates none the second time). */
  created: number[];
  /** Requests an operator's message confirmed, rejected or commented on. */
  answered: number[];
}

/**
 * Called by the worker after each committed ingest batch. Only inbound messages that arrived live or in the
 * catch-up after downtime count: a requested history sync replays old conversations, and re-notifying
 * operators about months-old codes would be noise. Safe to call twice for the same messages.
 *
 *   - a message in an individual chat: each code becomes one request (unique per message and code), matched
 *     and notified right away;
 *   - a message in the chat a request was notified to (its group, or the operator's phone chat): an answer.
 *
 * Each message is its own transaction, so one bad message does not hold back the rest of the batch.
 */
export async function processStoredMessages(
  db: Tx,
  input: z.input<typeof processStoredMessagesInput>,
): Promise<ProcessResult> {
  const { sessionId, messageIds } = parseInput(processStoredMessagesInput, input);
  const result: ProcessResult = { created: [], answered: [] };
  if (messageIds.length === 0) return result;
  const settings = await getSettings(db);
  const rows = await db
    .select({
      id: whatsappMessages.id,
      sessionId: whatsappMessages.sessionId,
      body: whatsappMessages.body,
      senderWid: whatsappMessages.senderWid,
      chat: {
        id: whatsappChats.id,
        waId: whatsappChats.waId,
        name: whatsappChats.name,
        isGroup: whatsappChats.isGroup,
      },
    })
    .from(whatsappMessages)
    .innerJoin(whatsappChats, eq(whatsappChats.id, whatsappMessages.chatId))
    .where(
      and(
        eq(whatsappMessages.sessionId, sessionId),
        inArray(whatsappMessages.id, messageIds),
        eq(whatsappMessages.fromMe, false),
        inArray(whatsappMessages.source, ['live', 'backfill']),
        isNull(whatsappMessages.revokedAt),
      ),
    )
    .orderBy(whatsappMessages.id);
  for (const message of rows) {
    const codes = detectCodes(message.body, settings.codePattern);
    if (codes.length === 0) continue;
    await db.transaction(async (tx) => {
      const notifiedHere = await requestsNotifiedInto(tx, message, codes);
      if (notifiedHere.length > 0)
        result.answered.push(...(await applyOperatorAnswer(tx, message, notifiedHere, settings)));
      // Groups only ever carry answers. In an operator's own chat, a code it was notified about is talk about
      // that request (an answer or not), never a new request.
      if (message.chat.isGroup) return;
      const discussed = new Set(notifiedHere.map((r) => r.code));
      for (const code of codes.filter((c) => !discussed.has(c))) {
        const id = await createRequest(tx, message, code, settings);
        if (id !== null) result.created.push(id);
      }
    });
  }
  return result;
}

async function createRequest(tx: Tx, message: AnswerableMessage, code: string, settings: Settings) {
  const [created] = await tx
    .insert(requests)
    .values({ sessionId: message.sessionId, messageId: message.id, code, trace: [traceEntry('detected')] })
    .onConflictDoNothing({ target: [requests.messageId, requests.code] })
    .returning();
  if (!created) return null;
  await publish(tx, { type: 'request', requestId: created.id });
  await enqueueRequestEvent(tx, 'reservation_request.created', created);
  await matchAndNotify(tx, created.id, settings, { event: 'detected', attempt: 1 });
  return created.id;
}
