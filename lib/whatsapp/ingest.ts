import type { Sql } from '../db';
import { publish } from '../events/notify';
import { type ChatIdCache, chatIdsFor } from './chat-ids';
import type { MessageDto } from './dto';
import type { MessageSource } from './message-source';

/** One micro-batch of WhatsApp events, applied in one transaction. */
export interface IngestBatch {
  messages: { message: MessageDto; source: MessageSource }[];
  acks: { protocolId: string; fromMe: boolean; ack: number }[];
  edits: { protocolId: string; fromMe: boolean; newBody: string; previousBody: string }[];
  revokes: { protocolId: string; fromMe: boolean }[];
}

export interface IngestResult {
  /** Messages stored for the first time (duplicates and replays are not in here). */
  inserted: number;
  touchedChatIds: number[];
  ackedOwnProtocolIds: string[];
}

const keyOf = (m: { protocolId: string; fromMe: boolean }) => `${m.fromMe ? 1 : 0}:${m.protocolId}`;

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
    if (!seen || item.message.ack > seen.message.ack) unique.set(key, item);
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
      const rows = messages.map(({ message: m, source }) => ({ m, source, chatId: chatIds.get(m.chatId)! }));
      // Our own and history messages need no processing (codes, webhooks): mark them done at insert.
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
            ${arr(rows.map((r) => r.source))}::message_source[]
          ) as x(chat_id, protocol_id, from_me, serialized_id, sender_wid, body, type, ts, ack, has_media, is_forwarded, quoted, source)
        ),
        ins as (
          insert into whatsapp_messages (session_id, chat_id, protocol_id, from_me, serialized_id, sender_wid, body, type,
            timestamp, ack, has_media, is_forwarded, quoted_protocol_id, source, processed_at)
          select ${sessionId}, chat_id, protocol_id, from_me, serialized_id, sender_wid, body, type, ts, ack, has_media,
            is_forwarded, quoted, source,
            case when from_me or source in ('history', 'sent') then now() end
          from incoming
          on conflict (session_id, protocol_id, from_me) do update set ack = excluded.ack
            where whatsapp_messages.ack < excluded.ack
          returning chat_id, from_me, timestamp, source, (xmax = 0) as fresh
        ),
        chat_update as (
          update whatsapp_chats c set
            last_message_at = greatest(c.last_message_at, v.newest),
            unread_count = c.unread_count + v.unread,
            updated_at = now()
          from (
            select chat_id, max(timestamp) as newest,
              count(*) filter (where not from_me and source in ('live', 'backfill'))::int as unread
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
      // Acks only move forward: a late "delivered" never overwrites "read".
      const updated = await tx<{ chat_id: number; protocol_id: string; from_me: boolean }[]>`
        update whatsapp_messages m set ack = v.ack
        from unnest(${arr(acks.map((a) => a.protocolId))}::text[], ${arr(acks.map((a) => a.fromMe))}::bool[],
          ${arr(acks.map((a) => a.ack))}::int2[]) as v(protocol_id, from_me, ack)
        where m.session_id = ${sessionId} and m.protocol_id = v.protocol_id and m.from_me = v.from_me and m.ack < v.ack
        returning m.chat_id, m.protocol_id, m.from_me`;
      for (const row of updated) {
        touched.add(Number(row.chat_id));
        if (row.from_me) ackedOwnProtocolIds.push(row.protocol_id);
      }
    }

    for (const edit of batch.edits) {
      const rows = await tx<{ chat_id: number }[]>`
        update whatsapp_messages set previous_body = ${edit.previousBody}, body = ${edit.newBody}, edited_at = now()
        where session_id = ${sessionId} and protocol_id = ${edit.protocolId} and from_me = ${edit.fromMe}
        returning chat_id`;
      for (const row of rows) touched.add(Number(row.chat_id));
    }
    for (const revoke of batch.revokes) {
      const rows = await tx<{ chat_id: number }[]>`
        update whatsapp_messages set revoked_at = coalesce(revoked_at, now())
        where session_id = ${sessionId} and protocol_id = ${revoke.protocolId} and from_me = ${revoke.fromMe}
        returning chat_id`;
      for (const row of rows) touched.add(Number(row.chat_id));
    }

    const touchedChatIds = [...touched];
    // Delivered on commit, so the dashboard never hears about rows it cannot read yet.
    for (let i = 0; i < touchedChatIds.length; i += 200) {
      await publish(tx, { type: 'messages', sessionId, chatIds: touchedChatIds.slice(i, i + 200) });
    }
    return { inserted, touchedChatIds, ackedOwnProtocolIds };
  });
}
