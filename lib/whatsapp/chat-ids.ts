import type { SqlTx } from '../db';

/**
 * waId → chats.id for one session. Chat ids never change, so the worker keeps one for its lifetime, except
 * that a merged `@lid` chat's row goes: whoever merges clears the cache (a stale id fails the batch, whose
 * retry clears it too).
 */
export type ChatIdCache = Map<string, number>;

/**
 * Ids of the chats these messages belong to, creating rows for chats seen for the first time (a message can
 * arrive before the chat list was synced). Runs inside the caller's transaction.
 */
export async function chatIdsFor(
  tx: SqlTx,
  sessionId: number,
  waIds: string[],
  cache: ChatIdCache = new Map(),
): Promise<Map<string, number>> {
  const missing = [...new Set(waIds)].filter((id) => !cache.has(id));
  // An individual chat seen as `@lid` belongs to the person's `@c.us` chat once the phone is known (contacts
  // sync, or a merge of the stored `@lid` chat): one inbox row per person, whichever id a message used.
  const lids = missing.filter((id) => id.endsWith('@lid'));
  const phoneOf = new Map<string, string>();
  if (lids.length > 0) {
    const known = await tx<{ lid: string; wid: string }[]>`
      select distinct on (lid) lid, wid from whatsapp_contacts
      where session_id = ${sessionId} and lid = any(${tx.array(lids)}::text[]) and wid like '%@c.us'
      order by lid, id`;
    for (const row of known) phoneOf.set(row.lid, row.wid);
  }
  if (missing.length > 0) {
    const wanted = [...new Set(missing.map((id) => phoneOf.get(id) ?? id))];
    await tx`
      insert into whatsapp_chats (session_id, wa_id, is_group)
      select ${sessionId}, wa_id, wa_id like '%@g.us' from unnest(${tx.array(wanted)}::text[]) as x(wa_id)
      on conflict (session_id, wa_id) do nothing`;
    const rows = await tx<{ id: number; wa_id: string }[]>`
      select id::int8 as id, wa_id from whatsapp_chats
      where session_id = ${sessionId} and wa_id = any(${tx.array(wanted)}::text[])`;
    for (const row of rows) cache.set(row.wa_id, Number(row.id));
    for (const [lid, phoneId] of phoneOf) cache.set(lid, cache.get(phoneId)!);
  }
  return cache;
}
