import type { Sql } from '../db';
import { publish } from '../events/notify';
import type { ChatDto, ContactDto } from './dto';

/**
 * Upserts the chat list (names, flags, WhatsApp's last-activity time) and, for groups, the participant set
 * and whether our number is still in it / an admin. Groups missing from a full list are not deleted here:
 * WhatsApp omits archived-and-cleared chats too; membership is what decides bindings.
 */
export async function upsertChats(sql: Sql, sessionId: number, chats: ChatDto[], meWid: string | null) {
  if (chats.length === 0) return;
  // Participants of LID-addressed groups arrive here already mapped to phone ids (worker/lid-chats.ts).
  const rows = chats.map((c) => {
    const mine = meWid ? c.participants?.find((p) => p.wid === meWid) : undefined;
    return {
      ...c,
      weAreMember: c.isGroup ? Boolean(mine) : true,
      weAreAdmin: Boolean(mine?.isAdmin || mine?.isSuperAdmin),
      ts: c.timestamp ? new Date(c.timestamp * 1000).toISOString() : null,
    };
  });
  await sql.begin(async (tx) => {
    const a = <T>(values: T[]) => tx.array(values as never[]);
    const ids = await tx<{ id: number; wa_id: string }[]>`
      insert into whatsapp_chats (session_id, wa_id, is_group, name, unread_count, archived, read_only, muted, pinned,
        wa_timestamp, description, owner_wid, we_are_member, we_are_admin, participant_count, deleted_at)
      select ${sessionId}, * , null from unnest(
        ${a(rows.map((r) => r.id))}::text[], ${a(rows.map((r) => r.isGroup))}::bool[], ${a(rows.map((r) => r.name))}::text[],
        ${a(rows.map((r) => r.unreadCount))}::int[], ${a(rows.map((r) => r.archived))}::bool[],
        ${a(rows.map((r) => r.readOnly))}::bool[], ${a(rows.map((r) => r.muted))}::bool[], ${a(rows.map((r) => r.pinned))}::bool[],
        ${a(rows.map((r) => r.ts))}::timestamptz[], ${a(rows.map((r) => r.description))}::text[],
        ${a(rows.map((r) => r.ownerWid))}::text[], ${a(rows.map((r) => r.weAreMember))}::bool[],
        ${a(rows.map((r) => r.weAreAdmin))}::bool[], ${a(rows.map((r) => r.participants?.length ?? 0))}::int[])
      on conflict (session_id, wa_id) do update set
        is_group = excluded.is_group, name = coalesce(excluded.name, whatsapp_chats.name),
        unread_count = excluded.unread_count, archived = excluded.archived, read_only = excluded.read_only,
        muted = excluded.muted, pinned = excluded.pinned,
        wa_timestamp = greatest(whatsapp_chats.wa_timestamp, excluded.wa_timestamp),
        description = excluded.description, owner_wid = excluded.owner_wid, we_are_member = excluded.we_are_member,
        we_are_admin = excluded.we_are_admin, participant_count = excluded.participant_count, deleted_at = null,
        updated_at = now()
      returning id, wa_id`;
    const idOf = new Map(ids.map((r) => [r.wa_id, Number(r.id)]));
    const groups = rows.filter((r) => r.isGroup && r.participants);
    if (groups.length > 0) {
      const groupIds = groups.map((g) => idOf.get(g.id)!);
      const members = groups.flatMap((g) => g.participants!.map((p) => ({ chatId: idOf.get(g.id)!, ...p })));
      await tx`delete from whatsapp_group_participants where chat_id = any(${a(groupIds)}::bigint[])`;
      if (members.length > 0) {
        await tx`
          insert into whatsapp_group_participants (chat_id, contact_wid, is_admin, is_super_admin)
          select * from unnest(${a(members.map((m) => m.chatId))}::bigint[], ${a(members.map((m) => m.wid))}::text[],
            ${a(members.map((m) => m.isAdmin))}::bool[], ${a(members.map((m) => m.isSuperAdmin))}::bool[])
          on conflict do nothing`;
      }
    }
    await publish(tx, { type: 'chats', sessionId, chatIds: [] });
  });
}

/** Contacts with their `@lid` ↔ phone mapping, so a sender seen as `@lid` can be shown as a person. */
export async function upsertContacts(sql: Sql, sessionId: number, contacts: ContactDto[]) {
  const people = dedupeContacts(
    contacts.filter((c) => !c.isGroup && (c.id.endsWith('@c.us') || c.id.endsWith('@lid'))),
  );
  if (people.length === 0) return;
  const a = <T>(values: T[]) => sql.array(values as never[]);
  const lidOf = (c: ContactDto) => c.lid ?? (c.id.endsWith('@lid') ? c.id : null);
  await sql`
    insert into whatsapp_contacts (session_id, wid, lid, phone, name, push_name, is_business, is_my_contact)
    select ${sessionId}, * from unnest(
      ${a(people.map((c) => c.id))}::text[], ${a(people.map(lidOf))}::text[], ${a(people.map((c) => c.number))}::text[],
      ${a(people.map((c) => c.name))}::text[], ${a(people.map((c) => c.pushName))}::text[],
      ${a(people.map((c) => c.isBusiness))}::bool[], ${a(people.map((c) => c.isMyContact))}::bool[])
    on conflict (session_id, wid) do update set
      lid = coalesce(excluded.lid, whatsapp_contacts.lid), phone = coalesce(excluded.phone, whatsapp_contacts.phone),
      name = coalesce(excluded.name, whatsapp_contacts.name),
      push_name = coalesce(excluded.push_name, whatsapp_contacts.push_name),
      is_business = excluded.is_business, is_my_contact = excluded.is_my_contact, updated_at = now()`;
}

/**
 * The library rewrites an `@lid` contact that has a phone to its `@c.us` id, so one person can come twice in
 * one batch, and one INSERT … ON CONFLICT cannot touch a row twice. One entry per id, fields merged.
 */
function dedupeContacts(contacts: ContactDto[]): ContactDto[] {
  const byId = new Map<string, ContactDto>();
  for (const c of contacts) {
    const seen = byId.get(c.id);
    byId.set(
      c.id,
      seen
        ? {
            ...seen,
            number: seen.number ?? c.number,
            lid: seen.lid ?? c.lid,
            name: seen.name ?? c.name,
            pushName: seen.pushName ?? c.pushName,
            isBusiness: seen.isBusiness || c.isBusiness,
            isMyContact: seen.isMyContact || c.isMyContact,
          }
        : c,
    );
  }
  return [...byId.values()];
}

/**
 * The gaps a catch-up must fill: chats where WhatsApp has activity newer than our newest stored message, or
 * whose newest message (by id, from the chat list just fetched) we do not have — a message in the same second
 * as our last one is invisible to timestamps.
 */
export async function chatsWithGaps(
  sql: Sql,
  sessionId: number,
  newest: { chatId: string; messageId: string }[] = [],
) {
  const a = <T>(values: T[]) => sql.array(values as never[]);
  return sql<{ id: number; waId: string; lastMessageAt: string | null }[]>`
    select c.id::int8 as id, c.wa_id as "waId", c.last_message_at as "lastMessageAt" from whatsapp_chats c
    left join unnest(${a(newest.map((n) => n.chatId))}::text[], ${a(newest.map((n) => n.messageId))}::text[])
      as w(wa_id, message_id) on w.wa_id = c.wa_id
    where c.session_id = ${sessionId}
      and (
        (c.wa_timestamp is not null and (c.last_message_at is null or c.wa_timestamp > c.last_message_at))
        or (w.message_id is not null and not exists (
          select 1 from whatsapp_messages m
          where m.session_id = ${sessionId} and m.protocol_id = w.message_id))
      )
    order by c.wa_timestamp desc nulls last`;
}

/** Ids of the number's group chats, for the hooks that re-check bindings after a sync. */
export async function groupChatIds(sql: Sql, sessionId: number, waIds?: string[]): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    select id::int8 as id from whatsapp_chats where session_id = ${sessionId} and is_group
      and (${waIds === undefined} or wa_id = any(${sql.array(waIds ?? [])}::text[]))`;
  return rows.map((r) => Number(r.id));
}

/**
 * Chats with nothing new still carry WhatsApp's (newer) last-activity time after a catch-up; align it with our
 * newest stored message so they are not fetched again on every sync.
 */
export async function alignChatTimestamps(sql: Sql, sessionId: number): Promise<void> {
  await sql`
    update whatsapp_chats set wa_timestamp = last_message_at
    where session_id = ${sessionId} and last_message_at is not null and wa_timestamp > last_message_at`;
}
