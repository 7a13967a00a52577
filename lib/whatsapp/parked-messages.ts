import { and, count, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import type { Tx } from '../db';
import { whatsappChats, whatsappMessages } from '../db/schema';
import { NotFound } from '../errors';
import { parseInput } from '../errors/parse';

/**
 * Messages whose post-commit processing (reservation codes, webhooks) failed, also on its own retry. The
 * worker parks them instead of dropping them; a person looks at the error and replays once the cause is
 * fixed. A replayed message is picked up again by the worker's processors (they poll every few seconds).
 */

/** The worker: processing this message failed on its own, so it waits for a person. */
export async function parkMessage(db: Tx, input: { messageId: number; error: string }) {
  await db
    .update(whatsappMessages)
    .set({
      parkedAt: new Date(),
      processingError: input.error.slice(0, 2000),
      processingAttempts: sql`${whatsappMessages.processingAttempts} + 1`,
    })
    .where(eq(whatsappMessages.id, input.messageId));
}

const parked = (sessionId: number) =>
  and(eq(whatsappMessages.sessionId, sessionId), isNotNull(whatsappMessages.parkedAt));

export const listParkedInput = z.object({
  sessionId: z.number().int().positive(),
  limit: z.number().int().min(1).max(200).default(50),
});

/** Newest parked first, with the chat it arrived in and the error that parked it. */
export async function listParkedMessages(db: Tx, input: z.input<typeof listParkedInput>) {
  const { sessionId, limit } = parseInput(listParkedInput, input);
  const [items, [total]] = await Promise.all([
    db
      .select({
        id: whatsappMessages.id,
        chatId: whatsappMessages.chatId,
        chatName: whatsappChats.name,
        body: sql<string>`left(${whatsappMessages.body}, 200)`,
        timestamp: whatsappMessages.timestamp,
        parkedAt: whatsappMessages.parkedAt,
        error: whatsappMessages.processingError,
        attempts: whatsappMessages.processingAttempts,
      })
      .from(whatsappMessages)
      .innerJoin(whatsappChats, eq(whatsappChats.id, whatsappMessages.chatId))
      .where(parked(sessionId))
      .orderBy(desc(whatsappMessages.parkedAt), desc(whatsappMessages.id))
      .limit(limit),
    db.select({ n: count() }).from(whatsappMessages).where(parked(sessionId)),
  ]);
  return { items, total: total?.n ?? 0 };
}

export const replayParkedInput = z.object({
  sessionId: z.number().int().positive(),
  messageId: z.number().int().positive(),
  actor: z.custom<Actor>((v) => typeof v === 'object' && v !== null && 'type' in v, 'an actor'),
});

/** Un-parks a message so the worker processes it again; the error stays until a run succeeds or fails anew. */
export async function replayParkedMessage(db: Tx, input: z.input<typeof replayParkedInput>) {
  const { sessionId, messageId, actor } = parseInput(replayParkedInput, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(whatsappMessages)
      .set({ parkedAt: null })
      .where(and(eq(whatsappMessages.id, messageId), parked(sessionId)))
      .returning({ id: whatsappMessages.id, error: whatsappMessages.processingError });
    if (!row) throw new NotFound(`No parked message ${messageId} in this session.`, { messageId });
    await recordAudit(tx, {
      actor,
      action: 'message.replay',
      targetType: 'whatsapp_message',
      targetId: messageId,
      details: { error: row.error },
    });
    return { id: row.id, status: 'queued' as const };
  });
}
