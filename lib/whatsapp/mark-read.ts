import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import type { Tx } from '../db';
import { whatsappChats } from '../db/schema';
import { NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import { publish } from '../events/notify';

export const markChatReadInput = z.object({ chatId: z.number().int().positive(), read: z.boolean() });

/**
 * Marks a chat read (no unread messages) or unread (shown as unread again, like WhatsApp's "mark as unread",
 * which keeps the count if there is one). Only our console's count changes: WhatsApp's read receipts are
 * not sent from here.
 */
export async function markChatRead(db: Tx, input: z.input<typeof markChatReadInput>, actor: Actor) {
  const { chatId, read } = parseInput(markChatReadInput, input);
  return db.transaction(async (tx) => {
    const [chat] = await tx
      .select({ id: whatsappChats.id, sessionId: whatsappChats.sessionId, unread: whatsappChats.unreadCount })
      .from(whatsappChats)
      .where(eq(whatsappChats.id, chatId))
      .for('update');
    if (!chat) throw new NotFound(`No chat ${chatId}.`, { chatId });
    const unreadCount = read ? 0 : Math.max(chat.unread, 1);
    await tx.update(whatsappChats).set({ unreadCount }).where(eq(whatsappChats.id, chatId));
    await recordAudit(tx, {
      actor,
      action: read ? 'chat.mark_read' : 'chat.mark_unread',
      targetType: 'chat',
      targetId: chatId,
    });
    await publish(tx, { type: 'chats', sessionId: chat.sessionId, chatIds: [chatId] });
    return { chatId, unreadCount };
  });
}
