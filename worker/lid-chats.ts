import type { ChatDto, WhatsAppDriver } from './whatsapp/port';

/** `@lid` → `@c.us` answers, found (the phone id) and not found (null), for the life of the worker. */
export type LidCache = Map<string, string | null>;

/**
 * getChats answers `@lid` ids for individual chats while their messages are normalised to `@c.us`: one person
 * would be two inbox rows, and the empty one re-fetched on every sync. Rewrite each resolvable `@lid` chat to
 * the phone's id and merge it with that chat. Unknown ids are looked up once, in one batch; the answers are
 * cached either way, because every lookup is a query to WhatsApp.
 */
export async function mergeLidChats(
  driver: WhatsAppDriver,
  chats: ChatDto[],
  cache: LidCache,
): Promise<ChatDto[]> {
  const unknown = chats
    .filter((c) => !c.isGroup && c.id.endsWith('@lid') && !cache.has(c.id))
    .map((c) => c.id);
  if (unknown.length > 0) {
    for (const [lid, phoneId] of await driver.phoneIdsOfLids(unknown)) cache.set(lid, phoneId);
  }
  const merged = new Map<string, ChatDto>();
  for (const chat of chats) {
    const id = (!chat.isGroup && cache.get(chat.id)) || chat.id;
    const other = merged.get(id);
    const mine = { ...chat, id };
    if (!other) {
      merged.set(id, mine);
      continue;
    }
    const [newer, older] = (mine.timestamp ?? 0) >= (other.timestamp ?? 0) ? [mine, other] : [other, mine];
    merged.set(id, {
      ...newer,
      name: newer.name ?? older.name,
      unreadCount: Math.max(newer.unreadCount, older.unreadCount),
      lastMessageId: newer.lastMessageId ?? older.lastMessageId,
    });
  }
  return [...merged.values()];
}
