import type { Sql } from '../lib/db';
import { mergeLidChatRows, storedLidChats } from '../lib/whatsapp/lid-chats';
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
  await lookUpLids(
    driver,
    chats.filter((c) => !c.isGroup && c.id.endsWith('@lid')).map((c) => c.id),
    cache,
  );
  const merged = new Map<string, ChatDto>();
  for (const chat of await groupParticipantsByPhone(driver, chats, cache)) {
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

/**
 * Groups in WhatsApp's LID addressing mode (every new group, and the groups our number creates) list their
 * participants as `@lid`, our own number included. Stored by phone id where WhatsApp can tell, so our own
 * membership and admin role are recognised, and a person is the same row in a group and in their own chat.
 */
export async function groupParticipantsByPhone(
  driver: WhatsAppDriver,
  chats: ChatDto[],
  cache: LidCache,
): Promise<ChatDto[]> {
  const lids = chats.flatMap((c) =>
    (c.participants ?? []).map((p) => p.wid).filter((w) => w.endsWith('@lid')),
  );
  if (lids.length === 0) return chats;
  await lookUpLids(driver, lids, cache);
  return chats.map((c) =>
    c.participants?.some((p) => p.wid.endsWith('@lid'))
      ? { ...c, participants: c.participants.map((p) => ({ ...p, wid: cache.get(p.wid) ?? p.wid })) }
      : c,
  );
}

/** Asks WhatsApp, in one batch, about the lids neither the cache nor `known` can answer; caches every answer. */
async function lookUpLids(
  driver: WhatsAppDriver,
  lids: string[],
  cache: LidCache,
  known: Map<string, string> = new Map(),
): Promise<void> {
  for (const [lid, phoneId] of known) cache.set(lid, phoneId);
  const unknown = [...new Set(lids)].filter((lid) => !cache.has(lid));
  if (unknown.length === 0) return;
  const answers = await driver.phoneIdsOfLids(unknown);
  for (const lid of unknown) cache.set(lid, answers.get(lid) ?? null);
}

/**
 * Chat rows already stored under an `@lid` id (an earlier sync, or a message that came before its phone was
 * known) are merged into the person's `@c.us` chat once the phone is known, from the contacts sync or one
 * lookup. Lids WhatsApp does not know stay their own chat, and are not asked about again by this worker.
 */
export async function mergeStoredLidChats(
  driver: WhatsAppDriver,
  sql: Sql,
  sessionId: number,
  cache: LidCache,
): Promise<number> {
  const stored = await storedLidChats(sql, sessionId);
  if (stored.length === 0) return 0;
  const known = new Map(stored.flatMap((s) => (s.phoneId ? [[s.lid, s.phoneId] as const] : [])));
  await lookUpLids(
    driver,
    stored.map((s) => s.lid),
    cache,
    known,
  );
  // One lid per phone per merge (a second one for the same person merges on the next sync).
  const byPhone = new Map<string, string>();
  for (const { lid } of stored) {
    const phoneId = cache.get(lid);
    if (phoneId && !byPhone.has(phoneId)) byPhone.set(phoneId, lid);
  }
  return mergeLidChatRows(
    sql,
    sessionId,
    [...byPhone].map(([phoneId, lid]) => ({ lid, phoneId })),
  );
}
