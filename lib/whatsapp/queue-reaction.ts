import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, actorLabel } from '../audit/actor';
import { enqueueCommand, keyUsedForSameRequest, type SendReactionPayload } from '../commands/enqueue';
import type { Tx } from '../db';
import { whatsappMessages } from '../db/schema';
import { Invalid, NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import { writableChat } from './queue-message';

/** One emoji (a grapheme: skin tones and ZWJ sequences are one), or '' to take our reaction back. */
function isOneEmoji(text: string): boolean {
  if (text === '') return true;
  const graphemes = [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)];
  return graphemes.length === 1 && /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(text);
}

export const queueReactionInput = z.object({
  messageId: z.number().int().positive(),
  emoji: z.string().max(32).refine(isOneEmoji, 'one emoji, or "" to remove the reaction'),
  idempotencyKey: z.string().min(1).max(150).optional(),
});

/**
 * Queues our reaction to a stored message (the worker sends it with `Message.react`); '' removes it. Like a
 * send, only where our number can write, and never on a system event or a message deleted for everyone.
 */
export async function queueReaction(db: Tx, input: z.input<typeof queueReactionInput>, actor: Actor) {
  const { messageId, emoji, idempotencyKey } = parseInput(queueReactionInput, input, 'Invalid reaction.');
  const [message] = await db
    .select({
      chatId: whatsappMessages.chatId,
      serializedId: whatsappMessages.serializedId,
      protocolId: whatsappMessages.protocolId,
      fromMe: whatsappMessages.fromMe,
      system: whatsappMessages.system,
      revokedAt: whatsappMessages.revokedAt,
    })
    .from(whatsappMessages)
    .where(eq(whatsappMessages.id, messageId));
  if (!message) throw new NotFound(`No message ${messageId}.`, { messageId });
  if (message.system || message.revokedAt)
    throw new Invalid('This message cannot be reacted to.', { messageId, reason: 'not_reactable' });
  const chat = await writableChat(db, message.chatId);
  const result = await enqueueCommand(db, {
    sessionId: chat.sessionId,
    kind: 'send_reaction',
    payload: {
      chatId: chat.waId,
      messageId: message.serializedId,
      protocolId: message.protocolId,
      messageFromMe: message.fromMe,
      emoji,
    },
    idempotencyKey: idempotencyKey ? `${actorLabel(actor)}:reaction:${idempotencyKey}` : undefined,
    createdBy: actorLabel(actor),
  });
  return keyUsedForSameRequest<SendReactionPayload>(
    result,
    (queued) => queued.messageId === message.serializedId && queued.emoji === emoji,
    'reaction',
  );
}
