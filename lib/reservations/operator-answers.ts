import { and, eq, inArray } from 'drizzle-orm';
import { enqueueCommand } from '../commands/enqueue';
import type { Tx } from '../db';
import { whatsappReservationRequests as requests, tourOperators, whatsappContacts } from '../db/schema';
import { phoneToChatId } from '../operators/operator-chat';
import { renderTemplate } from '../settings/render-template';
import type { Settings } from '../settings/schema';
import { detectAnswer } from './detect-answer';
import { moveRequest } from './notification/transitions';
import { loadRequestContext, templateValues } from './request-context';
import { noteRequest, OPEN_STATUSES, type RequestRow } from './request-trace';
import { chatLabel, personLabel } from './trace-labels';

export interface AnswerableMessage {
  id: number;
  sessionId: number;
  body: string;
  senderWid: string | null;
  chat: { id: number; waId: string; name: string | null; isGroup: boolean };
}

/**
 * The open requests for these codes that were notified INTO this chat: the resolved group, or — for requests
 * notified to the operator's phone — the operator's own chat. A code mentioned in any other chat is not an
 * answer (a confirmation typed in an unrelated group must not confirm anything).
 */
export async function requestsNotifiedInto(tx: Tx, message: AnswerableMessage, codes: readonly string[]) {
  if (codes.length === 0) return [];
  const rows = await tx
    .select({ request: requests, operatorPhone: tourOperators.phone })
    .from(requests)
    .leftJoin(tourOperators, eq(tourOperators.id, requests.operatorId))
    .where(and(inArray(requests.code, [...codes]), inArray(requests.status, OPEN_STATUSES)));
  return rows
    .filter(({ request, operatorPhone }) =>
      request.groupChatId !== null
        ? request.groupChatId === message.chat.id
        : !message.chat.isGroup && phoneToChatId(operatorPhone) === message.chat.waId,
    )
    .map((r) => r.request);
}

async function senderLabel(tx: Tx, message: AnswerableMessage) {
  if (!message.senderWid) return 'el operador';
  const [contact] = await tx
    .select({
      name: whatsappContacts.name,
      pushName: whatsappContacts.pushName,
      phone: whatsappContacts.phone,
    })
    .from(whatsappContacts)
    .where(
      and(eq(whatsappContacts.sessionId, message.sessionId), eq(whatsappContacts.wid, message.senderWid)),
    );
  return personLabel(contact?.name ?? contact?.pushName, message.senderWid, contact?.phone);
}

/**
 * An operator wrote in the notified chat about these requests. A confirmation or rejection closes them and
 * queues the configured reply to the customer's chat (once per request: the idempotency key says so). A
 * message with both kinds of words changes nothing and is noted in the trace for a person to read.
 */
export async function applyOperatorAnswer(
  tx: Tx,
  message: AnswerableMessage,
  answered: readonly RequestRow[],
  settings: Settings,
) {
  const answer = detectAnswer(message.body, settings);
  const touched: number[] = [];
  if (!answer) return touched;
  const who = await senderLabel(tx, message);
  const where = message.chat.isGroup ? `en ${chatLabel(message.chat)}` : 'por chat directo';
  for (const request of answered) {
    if (answer === 'ambiguous') {
      await noteRequest(
        tx,
        request.id,
        `Respuesta ambigua de ${who} ${where} (mensaje ${message.id}); sin cambios.`,
      );
      continue;
    }
    const verb = answer === 'confirmed' ? 'Confirmada' : 'Rechazada';
    const closed = await moveRequest(tx, request.id, 'answered', {
      to: answer,
      note: `${verb} por ${who} ${where}.`,
      patch: { notifyDeadlineAt: null },
    });
    if (!closed) continue;
    touched.push(request.id);
    const ctx = await loadRequestContext(tx, request.id);
    const template =
      answer === 'confirmed' ? settings.replyConfirmedTemplate : settings.replyRejectedTemplate;
    await enqueueCommand(tx, {
      sessionId: request.sessionId,
      kind: 'send_message',
      payload: {
        chatId: ctx.customerChat.waId,
        body: renderTemplate(template, templateValues(ctx)),
      },
      purpose: { type: 'request_reply', requestId: request.id },
      idempotencyKey: `request:${request.id}:reply`,
      createdBy: 'system',
    });
  }
  return touched;
}
