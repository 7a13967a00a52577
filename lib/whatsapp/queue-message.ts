import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, actorLabel } from '../audit/actor';
import {
  enqueueCommand,
  keyUsedForSameRequest,
  type OutgoingMediaPayload,
  type SendMessagePayload,
} from '../commands/enqueue';
import type { Db, Tx } from '../db';
import { whatsappMessages } from '../db/schema';
import { Conflict, Invalid } from '../errors';
import { parseInput } from '../errors/parse';
import { checkUpload } from '../media/check-upload';
import { mediaStore } from '../media/store';
import { getChat } from './list-chats';
import { chatIdFrom, sessionFor } from './lookups';

export const queueChatMessageInput = z
  .object({
    chatId: z.number().int().positive(),
    /** The text, or the caption of a file ('' for none). */
    body: z.string().trim().max(4096).default(''),
    /** Our row id of the message this one replies to (quotes). */
    quotedMessageId: z.number().int().positive().optional(),
    idempotencyKey: z.string().min(1).max(150).optional(),
    file: z
      .object({
        bytes: z.instanceof(Uint8Array),
        filename: z.string().max(1000),
        asDocument: z.boolean().default(false),
      })
      .optional(),
    /** MEDIA_MAX_MB in bytes. */
    maxFileBytes: z
      .number()
      .int()
      .positive()
      .default(16 * 1024 * 1024),
  })
  .refine((m) => m.file !== undefined || m.body.length > 0, {
    message: 'Write a message or attach a file.',
    path: ['body'],
  });

/**
 * Queues a message to one of our chats (the worker sends it at the configured pace): a text, or a file with
 * an optional caption, either of them possibly quoting one of the chat's messages. Refused up front when it
 * could not be delivered: a deleted chat, a group we left, an announcement-only group. A file is checked by
 * its bytes and stored in the media store before the command exists, so the outbox only names its hash (a
 * database handle, not a transaction: the store writes its bytes on its own connection).
 *
 * Idempotency keys are scoped to the caller, so two API clients that happen to pick the same key do not get
 * each other's command; repeating a key with a different chat, text or file is a conflict, not a silent no-op.
 */
export async function queueChatMessage(db: Db, input: z.input<typeof queueChatMessageInput>, actor: Actor) {
  const { chatId, body, quotedMessageId, idempotencyKey, file, maxFileBytes } = parseInput(
    queueChatMessageInput,
    input,
    'Invalid message.',
  );
  const chat = await writableChat(db, chatId);
  const quoted = quotedMessageId ? await quotedSerializedId(db, chat, quotedMessageId) : undefined;
  let media: OutgoingMediaPayload | undefined;
  if (file) {
    const checked = await checkUpload(file.bytes, { filename: file.filename, maxBytes: maxFileBytes });
    const bytes = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
    const { sha256, size } = await mediaStore(db).put(bytes, { mimetype: checked.mimetype });
    media = {
      sha256,
      size,
      mimetype: checked.mimetype,
      filename: checked.filename,
      asDocument: file.asDocument || checked.kind === 'document',
    };
  }
  const payload = {
    chatId: chat.waId,
    body,
    ...(media ? { media } : {}),
    ...(quoted ? { quotedMessageId: quoted } : {}),
  };
  const result = await enqueueCommand(db, {
    sessionId: chat.sessionId,
    kind: 'send_message',
    payload,
    idempotencyKey: idempotencyKey ? `${actorLabel(actor)}:${idempotencyKey}` : undefined,
    createdBy: actorLabel(actor),
  });
  return keyUsedForSameRequest<SendMessagePayload>(
    result,
    (sent) =>
      sent.chatId === chat.waId &&
      sent.body === body &&
      sent.media?.sha256 === media?.sha256 &&
      sent.quotedMessageId === quoted,
    'message',
  );
}

/** The chat, if our number can write in it now. */
export async function writableChat(db: Tx, chatId: number) {
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
  return chat;
}

/** The serialized id the library quotes by, of a message that must belong to the same chat. */
async function quotedSerializedId(db: Tx, chat: { id: number }, messageId: number): Promise<string> {
  const [row] = await db
    .select({ serializedId: whatsappMessages.serializedId, chatId: whatsappMessages.chatId })
    .from(whatsappMessages)
    .where(eq(whatsappMessages.id, messageId));
  if (!row || row.chatId !== chat.id)
    throw new Invalid('The quoted message is not in this chat.', {
      fieldErrors: { quotedMessageId: ['not a message of this chat'] },
      reason: 'quoted_not_in_chat',
    });
  return row.serializedId;
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
