import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, actorLabel } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { enqueueCommand } from '../commands/enqueue';
import type { Tx } from '../db';
import { whatsappChats, whatsappSessions } from '../db/schema';
import { NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import { publish } from '../events/notify';
import { getSettings } from '../settings/settings';

export const markChatReadInput = z.object({ chatId: z.number().int().positive(), read: z.boolean() });

/**
 * Marks a chat read (no unread messages) or unread (shown as unread again, like WhatsApp's "mark as unread",
 * which keeps the count if there is one). With the `sendReadReceipts` setting on, reading a chat that had
 * unread messages also queues WhatsApp's read receipt (`send_seen`); reading it again queues nothing, as
 * there is nothing new to acknowledge. Marking unread never touches WhatsApp.
 */
export async function markChatRead(db: Tx, input: z.input<typeof markChatReadInput>, actor: Actor) {
  const { chatId, read } = parseInput(markChatReadInput, input);
  return db.transaction(async (tx) => {
    const [chat] = await tx
      .select({
        id: whatsappChats.id,
        sessionId: whatsappChats.sessionId,
        waId: whatsappChats.waId,
        unread: whatsappChats.unreadCount,
        sessionDeleted: whatsappSessions.deletedAt,
      })
      .from(whatsappChats)
      .innerJoin(whatsappSessions, eq(whatsappSessions.id, whatsappChats.sessionId))
      .where(eq(whatsappChats.id, chatId))
      .for('update', { of: whatsappChats });
    if (!chat) throw new NotFound(`No chat ${chatId}.`, { chatId });
    const unreadCount = read ? 0 : Math.max(chat.unread, 1);
    await tx.update(whatsappChats).set({ unreadCount }).where(eq(whatsappChats.id, chatId));
    await recordAudit(tx, {
      actor,
      action: read ? 'chat.mark_read' : 'chat.mark_unread',
      targetType: 'chat',
      targetId: chatId,
    });
    // A deleted number's chats stay readable in the console, but there is no WhatsApp to tell.
    const receipt =
      read && chat.unread > 0 && !chat.sessionDeleted && (await getSettings(tx)).sendReadReceipts;
    if (receipt)
      await enqueueCommand(tx, {
        sessionId: chat.sessionId,
        kind: 'send_seen',
        payload: { chatId: chat.waId },
        createdBy: actorLabel(actor),
      });
    await publish(tx, { type: 'chats', sessionId: chat.sessionId, chatIds: [chatId] });
    return { chatId, unreadCount, readReceipt: receipt };
  });
}
