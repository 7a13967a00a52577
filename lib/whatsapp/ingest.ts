import type { Sql, SqlTx } from '../db';
import { publish } from '../events/notify';
import { sha256OfFilehash } from '../media/states';
import { enqueueWebhookEventsInTx } from '../webhooks/enqueue';
import { type ChatIdCache, chatIdsFor } from './chat-ids';
import type { MessageDto, ReactionDto } from './dto';
import { normalizeContent } from './message-content';
import type { MessageSource } from './message-source';
import { isConversationType } from './message-types';

/**
 * `message_edit` fires on ANY body change: a `ciphertext` placeholder decrypting, a media body update. Only
 * `realEdit` (WhatsApp's `latestEditSenderTimestampMs`) marks the message edited; `type` is its type now.
 */
export interface IngestEdit {
  protocolId: string;
  fromMe: boolean;
  newBody: string;
  previousBody: string;
  realEdit: boolean;
  type: string;
}

/** One micro-batch of WhatsApp events, applied in one transaction. */
export interface IngestBatch {
  messages: { message: MessageDto; source: MessageSource }[];
  acks: { protocolId: string; fromMe: boolean; ack: number }[];
  edits: IngestEdit[];
  revokes: { protocolId: string; fromMe: boolean }[];
  reactions?: ReactionDto[];
}

export interface IngestResult {
  /** Messages stored for the first time (duplicates and replays are not in here). */
  inserted: number;
  touchedChatIds: number[];
  ackedOwnProtocolIds: string[];
  /** System placeholders (an undecrypted `ciphertext`) that turned into conversation messages: now to process. */
  surfaced: number;
}

/**
 * Acks move forward only, so a late "delivered" never overwrites "read". The error ack -1 (a send WhatsApp
 * refused) is the exception: it replaces "pending" or "server", which it is a verdict on.
 */
const ackAdvances = (tx: SqlTx, stored: string, next: string) =>
  tx.unsafe(`(${stored} < ${next} or (${next} = -1 and ${stored} between 0 and 1))`);

/** A back-filled copy edited by its sender while we were away (revoked messages keep their last text). */
const editApplies = (tx: SqlTx) =>
  tx.unsafe(`(excluded.edited_at is not null and excluded.body is distinct from whatsapp_messages.body
    and excluded.type <> 'revoked' and whatsapp_messages.revoked_at is null)`);

const roundOrNull = (value: number | null | undefined) =>
  value === null || value === undefined ? null : Math.round(value);

const keyOf = (m: { protocolId: string; fromMe: boolean }) => `${m.fromMe ? 1 : 0}:${m.protocolId}`;

/** One statement must not touch a row twice: the newest reaction of each sender on each message. */
function latestReactions(reactions: ReactionDto[]): ReactionDto[] {
  const best = new Map<string, ReactionDto>();
  for (const given of reactions) {
    // Our own reactions come with our wid or with none, depending on the path: one key for all of them.
    const r = given.fromMe ? { ...given, senderWid: 'me' } : given;
    if (!r.senderWid || !r.messageProtocolId) continue;
    const key = `${r.messageFromMe ? 1 : 0}:${r.messageProtocolId}:${r.senderWid}`;
    const seen = best.get(key);
    if (!seen || r.timestamp >= seen.timestamp) best.set(key, r);
  }
  return [...best.values()];
}

/**
 * Persist first, exactly once: every message is written under the idempotency key
 * (session, protocol id, from_me) with ON CONFLICT, so duplicate events (`message` + `message_create`, replays,
 * backfill overlapping live traffic) land as one row. The chat's last-message time and unread count change
 * in the same transaction. Nothing acts on a message before this commits.
 */
export async function ingestBatch(
  sql: Sql,
  sessionId: number,
  batch: IngestBatch,
  cache?: ChatIdCache,
): Promise<IngestResult> {
  // One statement must not touch a row twice: collapse duplicates inside the batch first (highest ack wins).
  const unique = new Map<string, IngestBatch['messages'][number]>();
  for (const item of batch.messages) {
    if (item.message.isStatus) continue; // status broadcasts are not chats
    const key = keyOf(item.message);
    const seen = unique.get(key);
    if (!seen || item.message.ack > seen.message.ack)
      unique.set(key, { ...item, message: normalizeContent(item.message) });
  }
  const messages = [...unique.values()];

  return sql.begin(async (tx) => {
    const chatIds = await chatIdsFor(
      tx,
      sessionId,
      messages.map((m) => m.message.chatId),
      cache,
    );
    const arr = <T>(values: T[]) => tx.array(values as never[]);
    let inserted = 0;
    const touched = new Set<number>();
    if (messages.length > 0) {
      const rows = messages.map(({ message: m, source }) => ({
        m,
        source,
        chatId: chatIds.get(m.chatId)!,
        system: !isConversationType(m.type),
      }));
      const json = (value: unknown) => (value ? JSON.stringify(value) : null);
      // Our own, history and system messages need no processing (codes, webhooks): marked done at insert. A
      // message that is already edited or revoked when we first see it (back-fill after downtime) says so; one
      // we already have gets the edit or revoke that happened while we were away.
      const result = await tx<{ chat_id: number; fresh: boolean }[]>`
        with incoming as (
          select * from unnest(
            ${arr(rows.map((r) => r.chatId))}::bigint[], ${arr(rows.map((r) => r.m.protocolId))}::text[],
            ${arr(rows.map((r) => r.m.fromMe))}::bool[], ${arr(rows.map((r) => r.m.serializedId))}::text[],
            ${arr(rows.map((r) => r.m.senderWid))}::text[], ${arr(rows.map((r) => r.m.body))}::text[],
            ${arr(rows.map((r) => r.m.type))}::text[],
            ${arr(rows.map((r) => new Date(r.m.timestamp * 1000).toISOString()))}::timestamptz[],
            ${arr(rows.map((r) => r.m.ack))}::int2[], ${arr(rows.map((r) => r.m.hasMedia))}::bool[],
            ${arr(rows.map((r) => r.m.isForwarded))}::bool[], ${arr(rows.map((r) => r.m.quotedProtocolId))}::text[],
            ${arr(rows.map((r) => r.source))}::message_source[], ${arr(rows.map((r) => r.system))}::bool[],
            ${arr(rows.map((r) => Boolean(r.m.edited)))}::bool[],
            ${arr(rows.map((r) => r.m.media?.mimetype ?? null))}::text[],
            ${arr(rows.map((r) => r.m.media?.size ?? null))}::int8[],
            ${arr(rows.map((r) => r.m.media?.filehash ?? null))}::text[],
            ${arr(rows.map((r) => r.m.media?.filename ?? null))}::text[],
            ${arr(rows.map((r) => roundOrNull(r.m.media?.duration)))}::int4[],
            ${arr(rows.map((r) => roundOrNull(r.m.media?.width)))}::int4[],
            ${arr(rows.map((r) => roundOrNull(r.m.media?.height)))}::int4[],
            ${arr(rows.map((r) => json(r.m.location)))}::text[], ${arr(rows.map((r) => json(r.m.vcards)))}::text[],
            ${arr(rows.map((r) => r.m.media?.thumbnail ?? null))}::text[],
            ${arr(rows.map((r) => r.m.poll?.name ?? null))}::text[],
            ${arr(rows.map((r) => (r.m.poll ? JSON.stringify(r.m.poll.options) : null)))}::text[],
            ${arr(rows.map((r) => r.m.poll?.allowMultiple ?? null))}::bool[],
            ${arr(rows.map((r) => Boolean(r.m.hasMedia && r.m.media)))}::bool[],
            ${arr(rows.map((r) => sha256OfFilehash(r.m.media?.filehash)))}::text[]
          ) as x(chat_id, protocol_id, from_me, serialized_id, sender_wid, body, type, ts, ack, has_media, is_forwarded,
            quoted, source, system, edited, mimetype, size, filehash, filename, duration, width, height, location, vcards,
            thumbnail, poll_name, poll_options, poll_multiple, downloadable, blob_key)
        ),
        ins as (
          insert into whatsapp_messages (session_id, chat_id, protocol_id, from_me, serialized_id, sender_wid, body, type,
            timestamp, ack, has_media, is_forwarded, quoted_protocol_id, source, system, edited_at, revoked_at,
            media_mimetype, media_size, media_filehash, media_filename, media_duration, media_width, media_height,
            location, vcards, media_thumbnail, poll_name, poll_options, poll_allow_multiple, processed_at)
          select ${sessionId}, chat_id, protocol_id, from_me, serialized_id,
            -- A group author seen as @lid is stored as the person's phone id when the contacts sync knows it.
            case when sender_wid like '%@lid' then coalesce((select c.wid from whatsapp_contacts c
              where c.session_id = ${sessionId} and c.lid = sender_wid and c.wid like '%@c.us' limit 1), sender_wid)
              else sender_wid end,
            body, type, ts, ack, has_media,
            is_forwarded, quoted, source, system,
            case when edited then now() end, case when type = 'revoked' then now() end,
            mimetype, size, filehash, filename, duration, width, height, location::jsonb, vcards::jsonb,
            thumbnail, poll_name, (select array_agg(o) from jsonb_array_elements_text(poll_options::jsonb) o), poll_multiple,
            case when from_me or system or source in ('history', 'sent') then now() end
          from incoming
          on conflict (session_id, protocol_id, from_me) do update set
            ack = case when ${ackAdvances(tx, 'whatsapp_messages.ack', 'excluded.ack')} then excluded.ack
              else whatsapp_messages.ack end,
            revoked_at = coalesce(whatsapp_messages.revoked_at, excluded.revoked_at),
            previous_body = case when ${editApplies(tx)} then whatsapp_messages.body else whatsapp_messages.previous_body end,
            edited_at = case when ${editApplies(tx)} then excluded.edited_at else whatsapp_messages.edited_at end,
            body = case when ${editApplies(tx)} then excluded.body else whatsapp_messages.body end,
            -- Our own send's live echo (message_create) can commit before the send's result: it is still ours.
            source = case when excluded.source = 'sent' then excluded.source else whatsapp_messages.source end
          where ${ackAdvances(tx, 'whatsapp_messages.ack', 'excluded.ack')}
            or (excluded.source = 'sent' and whatsapp_messages.source <> 'sent')
            or (excluded.revoked_at is not null and whatsapp_messages.revoked_at is null)
            or ${editApplies(tx)}
          returning id, chat_id, protocol_id, from_me, system, timestamp, source, (xmax = 0) as fresh
        ),
        -- Every new downloadable file joins the download queue; one whose bytes we already keep (our own send's
        -- echo, a forward of a stored file: WhatsApp's filehash is their SHA-256) is stored without a download.
        downloads as (
          insert into media_downloads (message_id, session_id, state, sha256, stored_at)
          select ins.id, ${sessionId}, case when b.sha256 is null then 'pending' else 'stored' end::media_state,
            b.sha256, case when b.sha256 is not null then now() end
          from ins join incoming x on x.protocol_id = ins.protocol_id and x.from_me = ins.from_me
          left join media_blobs b on b.sha256 = x.blob_key
          where ins.fresh and x.downloadable
          on conflict (message_id) do nothing
        ),
        chat_update as (
          update whatsapp_chats c set
            last_message_at = greatest(c.last_message_at, v.newest),
            unread_count = c.unread_count + v.unread,
            updated_at = now()
          from (
            select chat_id, max(timestamp) as newest,
              count(*) filter (where not from_me and not system and source in ('live', 'backfill'))::int as unread
            from ins where fresh group by chat_id
          ) v
          where c.id = v.chat_id
        )
        select chat_id, fresh from ins`;
      for (const row of result) {
        touched.add(Number(row.chat_id));
        if (row.fresh) inserted++;
      }
    }

    const ackedOwnProtocolIds: string[] = [];
    if (batch.acks.length > 0) {
      const best = new Map<string, IngestBatch['acks'][number]>();
      for (const a of batch.acks) if ((best.get(keyOf(a))?.ack ?? -2) < a.ack) best.set(keyOf(a), a);
      const acks = [...best.values()];
      // Acks only move forward (a late "delivered" never overwrites "read"), except the error ack -1.
      const updated = await tx<{ chat_id: number; protocol_id: string; from_me: boolean }[]>`
        update whatsapp_messages m set ack = v.ack
        from unnest(${arr(acks.map((a) => a.protocolId))}::text[], ${arr(acks.map((a) => a.fromMe))}::bool[],
          ${arr(acks.map((a) => a.ack))}::int2[]) as v(protocol_id, from_me, ack)
        where m.session_id = ${sessionId} and m.protocol_id = v.protocol_id and m.from_me = v.from_me
          and ${ackAdvances(tx, 'm.ack', 'v.ack')}
        returning m.chat_id, m.protocol_id, m.from_me`;
      for (const row of updated) {
        touched.add(Number(row.chat_id));
        if (row.from_me) ackedOwnProtocolIds.push(row.protocol_id);
      }
    }

    let surfaced = 0;
    const edited: number[] = [];
    for (const edit of batch.edits) {
      const system = !isConversationType(edit.type);
      const rows = await tx<{ id: number; chat_id: number; system: boolean; surfaced: boolean }[]>`
        with old as (
          select id, system as was_system from whatsapp_messages
          where session_id = ${sessionId} and protocol_id = ${edit.protocolId} and from_me = ${edit.fromMe}
          for update
        )
        update whatsapp_messages m set
          previous_body = case when ${edit.realEdit} then ${edit.previousBody} else m.previous_body end,
          edited_at = case when ${edit.realEdit} then now() else m.edited_at end,
          body = ${edit.newBody}, type = ${edit.type}, system = ${system},
          processed_at = case when old.was_system and not ${system} and not m.from_me then null else m.processed_at end
        from old where m.id = old.id
        returning m.id, m.chat_id, m.system, (old.was_system and not m.system and not m.from_me) as surfaced`;
      for (const row of rows) {
        touched.add(Number(row.chat_id));
        if (edit.realEdit && !row.system) edited.push(Number(row.id));
        if (!row.surfaced) continue;
        surfaced++;
        await tx`update whatsapp_chats set unread_count = unread_count + 1, updated_at = now() where id = ${row.chat_id}`;
      }
    }
    const revoked: number[] = [];
    for (const revoke of batch.revokes) {
      // Only the first revoke of a message changes it (and is announced); a replay changes nothing.
      const rows = await tx<{ id: number; chat_id: number; system: boolean }[]>`
        update whatsapp_messages set revoked_at = now()
        where session_id = ${sessionId} and protocol_id = ${revoke.protocolId} and from_me = ${revoke.fromMe}
          and revoked_at is null
        returning id, chat_id, system`;
      for (const row of rows) {
        touched.add(Number(row.chat_id));
        if (!row.system) revoked.push(Number(row.id));
      }
    }
    await enqueueWebhookEventsInTx(tx, 'message.edited', await messagePayloads(tx, sessionId, edited));
    await enqueueWebhookEventsInTx(tx, 'message.revoked', await messagePayloads(tx, sessionId, revoked));

    const reactions = latestReactions(batch.reactions ?? []);
    if (reactions.length > 0) {
      // Latest wins per sender; an older reaction arriving late (a replay, the back-fill) changes nothing.
      const changed = await tx<
        { message_protocol_id: string; message_from_me: boolean; sender_wid: string }[]
      >`
        insert into whatsapp_reactions as r (session_id, message_protocol_id, message_from_me, sender_wid, from_me,
          emoji, timestamp)
        select ${sessionId}, * from unnest(${arr(reactions.map((x) => x.messageProtocolId))}::text[],
          ${arr(reactions.map((x) => x.messageFromMe))}::bool[], ${arr(reactions.map((x) => x.senderWid))}::text[],
          ${arr(reactions.map((x) => x.fromMe))}::bool[], ${arr(reactions.map((x) => x.emoji))}::text[],
          ${arr(reactions.map((x) => new Date(x.timestamp * 1000).toISOString()))}::timestamptz[])
        on conflict (session_id, message_protocol_id, message_from_me, sender_wid) do update set
          emoji = excluded.emoji, timestamp = excluded.timestamp, from_me = excluded.from_me, updated_at = now()
        where excluded.timestamp >= r.timestamp and excluded.emoji is distinct from r.emoji
        returning message_protocol_id, message_from_me, sender_wid`;
      const keys = new Set(
        changed.map((c) => `${c.message_from_me}:${c.message_protocol_id}:${c.sender_wid}`),
      );
      const announced = reactions.filter((x) =>
        keys.has(`${x.messageFromMe}:${x.messageProtocolId}:${x.senderWid}`),
      );
      if (announced.length > 0)
        await enqueueWebhookEventsInTx(
          tx,
          'message.reaction',
          await reactionPayloads(tx, sessionId, announced),
        );
      const chats = await tx<{ chat_id: number }[]>`
        select distinct chat_id from whatsapp_messages
        where session_id = ${sessionId}
          and (protocol_id, from_me) in (select * from unnest(${arr(reactions.map((x) => x.messageProtocolId))}::text[],
            ${arr(reactions.map((x) => x.messageFromMe))}::bool[]))`;
      for (const row of chats) touched.add(Number(row.chat_id));
    }

    const touchedChatIds = [...touched];
    // Delivered on commit, so the dashboard never hears about rows it cannot read yet.
    for (let i = 0; i < touchedChatIds.length; i += 200) {
      await publish(tx, { type: 'messages', sessionId, chatIds: touchedChatIds.slice(i, i + 200) });
    }
    return { inserted, touchedChatIds, ackedOwnProtocolIds, surfaced };
  });
}

/** The webhook payload of edited or revoked messages: the session, the message as it is now, its chat. */
async function messagePayloads(tx: SqlTx, sessionId: number, ids: number[]) {
  if (ids.length === 0) return [];
  return tx<Record<string, unknown>[]>`
    select s.name as session,
      json_build_object('id', m.id, 'protocolId', m.protocol_id, 'serializedId', m.serialized_id,
        'fromMe', m.from_me, 'senderWid', m.sender_wid, 'type', m.type, 'body', m.body,
        'previousBody', m.previous_body, 'editedAt', m.edited_at, 'revokedAt', m.revoked_at) as message,
      json_build_object('id', c.id, 'waId', c.wa_id, 'name', c.name, 'isGroup', c.is_group) as chat
    from whatsapp_messages m join whatsapp_chats c on c.id = m.chat_id join whatsapp_sessions s on s.id = m.session_id
    where m.session_id = ${sessionId} and m.id = any(${tx.array(ids)}::bigint[])
    order by m.id`;
}

/** `message.reaction`: who reacted with what ('' = removed) on which message (its row id when we have it). */
async function reactionPayloads(tx: SqlTx, sessionId: number, reactions: ReactionDto[]) {
  const [session] = await tx<{ name: string }[]>`select name from whatsapp_sessions where id = ${sessionId}`;
  const ids = await tx<{ protocol_id: string; from_me: boolean; id: number; chat_wa_id: string }[]>`
    select m.protocol_id, m.from_me, m.id::int8 as id, c.wa_id as chat_wa_id
    from whatsapp_messages m join whatsapp_chats c on c.id = m.chat_id
    where m.session_id = ${sessionId}
      and m.protocol_id = any(${tx.array(reactions.map((r) => r.messageProtocolId))}::text[])`;
  return reactions.map((r) => {
    const found = ids.find((m) => m.protocol_id === r.messageProtocolId && m.from_me === r.messageFromMe);
    return {
      session: session?.name ?? null,
      message: {
        id: found ? Number(found.id) : null,
        protocolId: r.messageProtocolId,
        fromMe: r.messageFromMe,
      },
      chat: { waId: found?.chat_wa_id ?? r.chatId },
      reaction: {
        emoji: r.emoji,
        senderWid: r.fromMe ? null : r.senderWid,
        fromMe: r.fromMe,
        timestamp: new Date(r.timestamp * 1000).toISOString(),
      },
    };
  });
}
