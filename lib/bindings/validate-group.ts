import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db';
import { whatsappChats } from '../db/schema';
import { Conflict, Invalid, NotFound } from '../errors';

/** Machine-readable reasons in error details, so the dashboard can phrase each case and tests can tell them apart. */
export type GroupRejection = 'not_a_group' | 'chat_deleted' | 'other_session' | 'not_a_member';

/**
 * Loads a chat that is about to become an experience's or an operator's group, and refuses it when a
 * notification could not reach it: unknown, not a group, deleted, on another WhatsApp number than the groups
 * already in play for that experience/operator, or a group our number no longer belongs to.
 */
export async function loadBindableGroup(db: Tx, chatId: number, sessionsInPlay: ReadonlySet<number>) {
  const [chat] = await db.select().from(whatsappChats).where(eq(whatsappChats.id, chatId));
  if (!chat) throw new NotFound(`No chat ${chatId}.`, { chatId });
  const label = chat.name ?? chat.waId;
  if (!chat.isGroup)
    throw new Invalid(`«${label}» is not a group: only groups can be bound.`, {
      chatId,
      reason: 'not_a_group' satisfies GroupRejection,
    });
  if (chat.deletedAt)
    throw new Conflict(`The group «${label}» was deleted.`, {
      chatId,
      reason: 'chat_deleted' satisfies GroupRejection,
    });
  if (sessionsInPlay.size > 0 && !sessionsInPlay.has(chat.sessionId))
    throw new Conflict(`The group «${label}» belongs to another WhatsApp number.`, {
      chatId,
      reason: 'other_session' satisfies GroupRejection,
    });
  if (!chat.weAreMember)
    throw new Conflict(`Our number is no longer in the group «${label}».`, {
      chatId,
      reason: 'not_a_member' satisfies GroupRejection,
    });
  return chat;
}

/** The WhatsApp sessions of the chats already involved (nulls ignored). */
export async function sessionsOf(db: Tx, chatIds: readonly (number | null | undefined)[]) {
  const ids = [...new Set(chatIds.filter((id): id is number => typeof id === 'number'))];
  if (ids.length === 0) return new Set<number>();
  const rows = await db
    .select({ sessionId: whatsappChats.sessionId })
    .from(whatsappChats)
    .where(inArray(whatsappChats.id, ids));
  return new Set(rows.map((r) => r.sessionId));
}
