import type { Sql } from '../db';
import { publish } from '../events/notify';

/**
 * Individual chats stored under an `@lid` id (an earlier sync, or a message whose phone was unknown when it
 * arrived), each with the phone id the contacts sync already knows for it, if any.
 */
export async function storedLidChats(
  sql: Sql,
  sessionId: number,
): Promise<{ lid: string; phoneId: string | null }[]> {
  return sql<{ lid: string; phoneId: string | null }[]>`
    select c.wa_id as lid, (select k.wid from whatsapp_contacts k
      where k.session_id = ${sessionId} and k.lid = c.wa_id and k.wid like '%@c.us' limit 1) as "phoneId"
    from whatsapp_chats c
    where c.session_id = ${sessionId} and not c.is_group and c.wa_id like '%@lid'
    order by c.id`;
}

/**
 * Merges each stored `@lid` chat into its person's `@c.us` chat (created when missing): the messages move (the
 * idempotency key is session + protocol id + direction, so nothing is duplicated or lost), the unread counts
 * add up, the newest times win, and the `@lid` row goes. The mapping is kept as the contact's lid, so later
 * messages that still come as `@lid` land in the same chat (see chatIdsFor). One transaction.
 */
export async function mergeLidChatRows(
  sql: Sql,
  sessionId: number,
  pairs: { lid: string; phoneId: string }[],
): Promise<number> {
  if (pairs.length === 0) return 0;
  return sql.begin(async (tx) => {
    const a = <T>(values: T[]) => tx.array(values as never[]);
    const lids = a(pairs.map((p) => p.lid));
    const phones = a(pairs.map((p) => p.phoneId));
    // Locked first: a message being ingested into a @lid row meanwhile waits, then finds the row gone and its
    // batch is retried into the person's chat (the delete below would otherwise cascade to it).
    await tx`
      select id from whatsapp_chats
      where session_id = ${sessionId} and not is_group and wa_id = any(${lids}::text[]) for update`;
    await tx`
      insert into whatsapp_contacts (session_id, wid, lid, phone)
      select ${sessionId}, phone_id, lid, split_part(phone_id, '@', 1)
      from unnest(${phones}::text[], ${lids}::text[]) as x(phone_id, lid)
      on conflict (session_id, wid) do update set lid = coalesce(whatsapp_contacts.lid, excluded.lid),
        phone = coalesce(whatsapp_contacts.phone, excluded.phone), updated_at = now()`;
    const moved = await tx<{ from_id: number; to_id: number }[]>`
      with pairs as (select * from unnest(${lids}::text[], ${phones}::text[]) as p(lid, phone_id)),
      src as (
        select c.*, p.phone_id from whatsapp_chats c join pairs p on p.lid = c.wa_id
        where c.session_id = ${sessionId} and not c.is_group
      ),
      target as (
        insert into whatsapp_chats as t (session_id, wa_id, is_group, name, unread_count, archived, read_only, muted,
          pinned, last_message_at, wa_timestamp)
        select ${sessionId}, phone_id, false, name, unread_count, archived, read_only, muted, pinned,
          last_message_at, wa_timestamp
        from src
        on conflict (session_id, wa_id) do update set
          name = coalesce(t.name, excluded.name),
          unread_count = t.unread_count + excluded.unread_count,
          last_message_at = greatest(t.last_message_at, excluded.last_message_at),
          wa_timestamp = greatest(t.wa_timestamp, excluded.wa_timestamp),
          deleted_at = null, updated_at = now()
        returning t.id, t.wa_id
      )
      select src.id::int8 as from_id, target.id::int8 as to_id from src join target on target.wa_id = src.phone_id`;
    if (moved.length === 0) return 0;
    const from = a(moved.map((m) => Number(m.from_id)));
    await tx`
      update whatsapp_messages m set chat_id = x.to_id
      from unnest(${from}::bigint[], ${a(moved.map((m) => Number(m.to_id)))}::bigint[]) as x(from_id, to_id)
      where m.chat_id = x.from_id`;
    await tx`delete from whatsapp_chats where id = any(${from}::bigint[])`;
    await publish(tx, { type: 'chats', sessionId, chatIds: [] });
    return moved.length;
  });
}
