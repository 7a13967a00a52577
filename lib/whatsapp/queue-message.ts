import { z } from 'zod';
import { type Actor, actorLabel } from '../audit/actor';
import { enqueueCommand } from '../commands/enqueue';
import type { Tx } from '../db';
import { Conflict } from '../errors';
import { parseInput } from '../errors/parse';
import { getChat } from './list-chats';
import { chatIdFrom, sessionFor } from './lookups';

export const queueChatMessageInput = z.object({
  chatId: z.number().int().positive(),
  body: z.string().trim().min(1).max(4096),
  idempotencyKey: z.string().min(1).max(150).optional(),
});

/**
 * Queues a text message to one of our chats (the worker sends it at the configured pace). Refused up front
 * when it could not be delivered: a deleted chat, a group we left, an announcement-only group.
 *
 * Idempotency keys are scoped to the caller, so two API clients that happen to pick the same key do not get
 * each other's command; repeating a key with a different chat or text is a conflict, not a silent no-op.
 */
export async function queueChatMessage(db: Tx, input: z.input<typeof queueChatMessageInput>, actor: Actor) {
  const { chatId, body, idempotencyKey } = parseInput(queueChatMessageInput, input, 'Invalid message.');
  const chat = await getChat(db, chatId);
  const label = chat.name ?? chat.waId;
  if (chat.deletedAt)
    throw new Conflict(`The chat «${label}» was deleted.`, { chatId, reason: 'chat_deleted' });
  if (chat.isGroup && !chat.weAreMember)
    throw new Conflict(`Our number is no longer in the group «${label}».`, {
      chatId,
      reason: 'not_a_member',
    });
  if (chat.readOnly)
    throw new Conflict(`Only admins can write in «${label}».`, { chatId, reason: 'read_only' });
  const result = await enqueueCommand(db, {
    sessionId: chat.sessionId,
    kind: 'send_message',
    payload: { chatId: chat.waId, body },
    idempotencyKey: idempotencyKey ? `${actorLabel(actor)}:${idempotencyKey}` : undefined,
    createdBy: actorLabel(actor),
  });
  const sent = result.command.payload as { chatId?: string; body?: string };
  if (!result.created && (sent.chatId !== chat.waId || sent.body !== body))
    throw new Conflict('This idempotency key was already used for a different message.', {
      commandId: result.command.id,
      reason: 'idempotency_key_reused',
    });
  return result;
}

export const queueSyncInput = z.object({
  /** The number to sync; default WA_SESSION. */
  session: z.string().min(1).max(64).optional(),
  /** Our chat id (a number or digits) or its WhatsApp id; omitted: the whole chat list. */
  chatId: z.union([z.number().int().positive(), z.string().trim().min(1).max(128)]).optional(),
  limit: z.number().int().min(1).max(50_000).optional(),
});

/**
 * Asks the worker to sync the chat list, or one chat's history (up to `limit` messages). The number and the
 * chat are looked up in the same transaction that queues the command.
 */
export async function queueSync(db: Tx, input: z.input<typeof queueSyncInput>, actor: Actor) {
  const { session, chatId: ref, limit } = parseInput(queueSyncInput, input, 'Invalid sync request.');
  return db.transaction(async (tx) => {
    const { id: sessionId } = await sessionFor(tx, session);
    if (ref === undefined)
      return enqueueCommand(tx, { sessionId, kind: 'sync_chats', payload: {}, createdBy: actorLabel(actor) });
    const chatId = await chatIdFrom(tx, ref, session);
    const chat = await getChat(tx, chatId);
    if (chat.sessionId !== sessionId)
      throw new Conflict('That chat belongs to another WhatsApp session.', {
        chatId,
        sessionId,
        reason: 'other_session',
      });
    return enqueueCommand(tx, {
      sessionId,
      kind: 'sync_chat_messages',
      payload: { chatId: chat.waId, ...(limit ? { limit } : {}) },
      createdBy: actorLabel(actor),
    });
  });
}
