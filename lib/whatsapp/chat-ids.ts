import type { SqlTx } from '../db';

/** waId → chats.id for one session. Chat ids never change, so the worker keeps one for its lifetime. */
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
  if (missing.length > 0) {
    await tx`
      insert into whatsapp_chats (session_id, wa_id, is_group)
      select ${sessionId}, wa_id, wa_id like '%@g.us' from unnest(${tx.array(missing)}::text[]) as x(wa_id)
      on conflict (session_id, wa_id) do nothing`;
    const rows = await tx<{ id: number; wa_id: string }[]>`
      select id::int8 as id, wa_id from whatsapp_chats
      where session_id = ${sessionId} and wa_id = any(${tx.array(missing)}::text[])`;
    for (const row of rows) cache.set(row.wa_id, Number(row.id));
  }
  return cache;
}
