import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db';
import { whatsappCommands, whatsappSessions } from '../db/schema';
import { Conflict } from '../errors';
import { parseInput } from '../errors/parse';
import { publish } from '../events/notify';
import { groupOpPayload } from '../groups/group-op-payload';
import { COMMAND_KINDS, COMMAND_PURPOSES } from './command-kinds';

const waChatId = z
  .string()
  .regex(/^[\w.-]+@(c\.us|g\.us|lid)$/, 'a WhatsApp chat id like 569…@c.us or …@g.us');

/** A file stored with `mediaStore(db).put` before the send is queued; the worker reads it back by hash. */
export const outgoingMediaPayload = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mimetype: z.string().min(3).max(200),
  filename: z.string().min(1).max(255),
  size: z.number().int().positive(),
  /** Send as a document (the file as is, its name shown) instead of an inline photo/video/audio. */
  asDocument: z.boolean().default(false),
});
export type OutgoingMediaPayload = z.infer<typeof outgoingMediaPayload>;

/**
 * What a `send_message` command carries: a text, or a file whose caption is `body` ('' for none). A reply
 * names the quoted message by its serialized id, what the library's `quotedMessageId` option takes.
 */
export const sendMessagePayload = z
  .object({
    chatId: waChatId,
    body: z.string().trim().max(4096),
    media: outgoingMediaPayload.optional(),
    quotedMessageId: z.string().min(3).max(300).optional(),
  })
  .refine((p) => p.media !== undefined || p.body.length > 0, {
    message: 'a text message needs a body',
    path: ['body'],
  });
export type SendMessagePayload = z.infer<typeof sendMessagePayload>;

/** A reaction to a stored message ('' takes ours back), sent with the library's `Message.react`. */
export const sendReactionPayload = z.object({
  chatId: waChatId,
  /** The serialized id of the message reacted to (`true_…`/`false_…`), what `getMessageById` takes. */
  messageId: z.string().min(3).max(300),
  /** The reacted message's key in our tables, so the worker can store our reaction once it went out. */
  protocolId: z.string().min(1).max(128),
  messageFromMe: z.boolean(),
  emoji: z.string().max(32),
});
export type SendReactionPayload = z.infer<typeof sendReactionPayload>;

/** A chat whose messages WhatsApp should show as read (blue ticks) to the other side. */
export const sendSeenPayload = z.object({ chatId: waChatId });

export const syncChatMessagesPayload = z.object({
  chatId: z.string().min(3).max(128),
  limit: z.number().int().min(1).max(50_000).default(1000),
});

export const requestPairingCodePayload = z.object({
  phone: z.string().regex(/^\d{8,15}$/, 'the phone number in international format, digits only'),
});

const payloadSchemas = {
  send_message: sendMessagePayload,
  send_reaction: sendReactionPayload,
  send_seen: sendSeenPayload,
  sync_chats: z.object({}).strict(),
  sync_chat_messages: syncChatMessagesPayload,
  request_pairing_code: requestPairingCodePayload,
  logout: z.object({}).strict(),
  restart: z.object({}).strict(),
  group_op: groupOpPayload,
} as const;

export const enqueueSchema = z.object({
  sessionId: z.number().int().positive(),
  kind: z.enum(COMMAND_KINDS),
  payload: z.record(z.string(), z.unknown()).default({}),
  idempotencyKey: z.string().min(1).max(200).optional(),
  createdBy: z.string().max(200).optional(),
  runAfter: z.date().optional(),
  /** Domain verbs only (never API input): the request this command belongs to, so its outcome can move it. */
  purpose: z
    .object({
      type: z.enum(COMMAND_PURPOSES),
      requestId: z.number().int().positive(),
      attempt: z.number().int().positive().optional(),
    })
    .optional(),
});
export type EnqueueInput = z.input<typeof enqueueSchema>;

/**
 * Adds work to the outbox and wakes the worker. The same idempotency key twice (per session) returns the
 * first command instead of creating a second one: a retried HTTP request never sends twice.
 */
export async function enqueueCommand(db: Tx, input: EnqueueInput) {
  const parsed = parseInput(enqueueSchema, input);
  const payloadSchema: z.ZodType = payloadSchemas[parsed.kind];
  const payload = parseInput(payloadSchema, parsed.payload, `Invalid ${parsed.kind} payload.`);
  const { purpose } = parsed;
  const [session] = await db
    .select({ deletedAt: whatsappSessions.deletedAt })
    .from(whatsappSessions)
    .where(eq(whatsappSessions.id, parsed.sessionId));
  if (session?.deletedAt)
    throw new Conflict('This WhatsApp number was deleted: its chats are kept read-only.', {
      reason: 'session_deleted',
    });
  const [created] = await db
    .insert(whatsappCommands)
    .values({
      sessionId: parsed.sessionId,
      kind: parsed.kind,
      // The payload repeats the purpose for whoever reads the command (API, dashboard); the code reads the columns.
      payload: purpose
        ? {
            ...(payload as Record<string, unknown>),
            purpose: { type: purpose.type, requestId: purpose.requestId },
          }
        : (payload as Record<string, unknown>),
      purpose: purpose?.type,
      requestId: purpose?.requestId,
      attempt: purpose?.attempt,
      idempotencyKey: parsed.idempotencyKey,
      createdBy: parsed.createdBy,
      runAfter: parsed.runAfter,
    })
    .onConflictDoNothing()
    .returning();
  if (created) {
    await publish(db, { type: 'command_queued', sessionId: parsed.sessionId });
    await publish(db, { type: 'command', sessionId: parsed.sessionId, commandId: created.id });
    return { command: created, created: true as const };
  }
  const [existing] = await db
    .select()
    .from(whatsappCommands)
    .where(
      and(
        eq(whatsappCommands.sessionId, parsed.sessionId),
        eq(whatsappCommands.idempotencyKey, parsed.idempotencyKey ?? ''),
      ),
    );
  if (!existing) throw new Error('idempotency conflict without an existing command');
  return { command: existing, created: false as const };
}

/**
 * A retried request with its idempotency key gets the first command back; the same key for a different
 * request (another text, another emoji) is the caller's mistake, answered 409 rather than silently ignored.
 */
export function keyUsedForSameRequest<P>(
  result: Awaited<ReturnType<typeof enqueueCommand>>,
  same: (first: Partial<P>) => boolean,
  what: string,
) {
  if (!result.created && !same(result.command.payload as Partial<P>))
    throw new Conflict(`This idempotency key was already used for a different ${what}.`, {
      commandId: result.command.id,
      reason: 'idempotency_key_reused',
    });
  return result;
}
