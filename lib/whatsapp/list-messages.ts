import { and, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db';
import { preparedOnce, preparedPerHandle } from '../db/prepared';
import { mediaDownloads, whatsappMessages as messages, whatsappChats } from '../db/schema';
import { NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import type { MediaState } from '../media/states';
import { decodeCursor, encodeCursor, microsText, pageInput, toPage } from '../pagination/cursor';
import type { MediaMetaDto, PollDto } from './dto';

export interface MessageMedia extends MediaMetaDto {
  thumbnail: string | null;
  state: MediaState | null;
  url: string | null;
  error: string | null;
}

export interface QuotedMessage {
  id: number | null;
  protocolId: string;
  body: string;
  type: string;
  fromMe: boolean;
  senderWid: string | null;
}

export interface MessageReaction {
  emoji: string;
  senderWid: string | null;
  senderName: string | null;
  fromMe: boolean;
}

/** Where a stored file is served (app/api/v1/whatsapp/messages/[id]/media/). */
export const mediaUrlOf = (messageId: number) => `/api/v1/whatsapp/messages/${messageId}/media/`;

/** The media's URL, only while its bytes are there to serve. */
export function withMediaUrl<T extends { id: number; media: MessageMedia | null }>(row: T): T {
  if (!row.media) return row;
  return { ...row, media: { ...row.media, url: row.media.state === 'stored' ? mediaUrlOf(row.id) : null } };
}

export const listMessagesInput = z
  .object({
    chatId: z.number().int().positive(),
    /**
     * Open the history at this message (a search result): the page holds it with older messages below and
     * newer ones above, and `newerCursor` walks towards the newest.
     */
    around: z.number().int().positive().optional(),
    /** `newerCursor` of a page opened with `around`: the next newer page. */
    newer: z.string().min(1).max(1400).optional(),
    ...pageInput,
  })
  .refine((v) => [v.around, v.newer, v.cursor].filter((x) => x !== undefined).length <= 1, {
    message: 'Give at most one of around, newer and cursor.',
  });
export type ListMessagesInput = z.input<typeof listMessagesInput>;

export const messageColumns = {
  id: messages.id,
  chatId: messages.chatId,
  protocolId: messages.protocolId,
  serializedId: messages.serializedId,
  fromMe: messages.fromMe,
  senderWid: messages.senderWid,
  body: messages.body,
  type: messages.type,
  timestamp: messages.timestamp,
  ack: messages.ack,
  hasMedia: messages.hasMedia,
  isForwarded: messages.isForwarded,
  quotedProtocolId: messages.quotedProtocolId,
  editedAt: messages.editedAt,
  previousBody: messages.previousBody,
  revokedAt: messages.revokedAt,
  source: messages.source,
  system: messages.system,
  // Needs the left join of media_downloads (listMessages, getMessage).
  media: sql<MessageMedia | null>`case when ${messages.mediaMimetype} is null and ${messages.mediaSize} is null
    then null else json_build_object('mimetype', ${messages.mediaMimetype}, 'size', ${messages.mediaSize},
      'filehash', ${messages.mediaFilehash}, 'filename', ${messages.mediaFilename},
      'duration', ${messages.mediaDuration}, 'width', ${messages.mediaWidth}, 'height', ${messages.mediaHeight},
      'thumbnail', ${messages.mediaThumbnail}, 'state', ${mediaDownloads.state}, 'url', null,
      'error', ${mediaDownloads.error}) end`,
  poll: sql<PollDto | null>`case when ${messages.pollName} is null then null else json_build_object(
    'name', ${messages.pollName}, 'options', coalesce(${messages.pollOptions}, '{}'),
    'allowMultiple', coalesce(${messages.pollAllowMultiple}, false)) end`,
  // The quoted message by its protocol id (ours or theirs); one we never stored still shows its id.
  quoted: sql<QuotedMessage | null>`case when ${messages.quotedProtocolId} is null then null else coalesce(
    (select json_build_object('id', q.id, 'protocolId', q.protocol_id, 'body', q.body, 'type', q.type,
      'fromMe', q.from_me, 'senderWid', q.sender_wid)
     from whatsapp_messages q where q.session_id = ${messages.sessionId} and q.protocol_id = ${messages.quotedProtocolId}
     order by q.from_me limit 1),
    json_build_object('id', null, 'protocolId', ${messages.quotedProtocolId}, 'body', '', 'type', 'unknown',
      'fromMe', false, 'senderWid', null)) end`,
  reactions: sql<MessageReaction[]>`coalesce((select json_agg(json_build_object('emoji', r.emoji,
      'senderWid', case when r.from_me then null else r.sender_wid end,
      'senderName', case when r.from_me then null else coalesce(c.name, c.push_name) end,
      'fromMe', r.from_me) order by r.timestamp, r.id)
    from whatsapp_reactions r
    left join whatsapp_contacts c on c.session_id = r.session_id and c.wid = r.sender_wid
    where r.session_id = ${messages.sessionId} and r.message_protocol_id = ${messages.protocolId}
      and r.message_from_me = ${messages.fromMe} and r.emoji <> ''), '[]'::json)`,
  location: messages.location,
  vcards: messages.vcards,
};

const chatExists = preparedOnce((db: Tx) =>
  db
    .select({ id: whatsappChats.id })
    .from(whatsappChats)
    .where(eq(whatsappChats.id, sql.placeholder('chatId')))
    .prepare('chat_exists'),
);

async function assertChat(db: Tx, chatId: number) {
  const [chat] = await chatExists(db).execute({ chatId });
  if (!chat) throw new NotFound(`No chat ${chatId}.`, { chatId });
}

/**
 * A page of the history, newest first, from the top or after a cursor (placeholders `k`, `id`). The LIMIT
 * stays a placeholder, unlike the chat list's: PostgreSQL then plans each page for its chat (a custom plan).
 * A generic plan assumes the average chat, a few messages, and sorts a busy chat's whole history instead of
 * walking its index (tests/query-plans.test.ts).
 */
const historyPage = preparedPerHandle((db: Tx, shape: 'first' | 'after') => {
  const filters: (SQL | undefined)[] = [eq(messages.chatId, sql.placeholder('chatId'))];
  if (shape === 'after')
    filters.push(
      sql`(${messages.timestamp}, ${messages.id}) < (${sql.placeholder('k')}::timestamptz, ${sql.placeholder('id')})`,
    );
  return (
    db
      .select({ ...messageColumns, sortKey: microsText(messages.timestamp) })
      .from(messages)
      .leftJoin(mediaDownloads, eq(mediaDownloads.messageId, messages.id))
      .where(and(...filters))
      // Spelled exactly as whatsapp_messages_chat_time_idx is declared (DESC NULLS LAST; the columns are never
      // null): plain `desc` means NULLS FIRST, which the index cannot serve, and every page sorted the whole chat.
      .orderBy(sql`${messages.timestamp} desc nulls last`, sql`${messages.id} desc nulls last`)
      .limit(sql.placeholder('limit'))
      .prepare('history_page')
  );
});

/**
 * One chat's messages, newest first, a page at a time (scrolling up asks for `nextCursor`). Ordered by
 * WhatsApp's timestamp then id, the chat_time index's order, so a page is one index range scan. A page with
 * rows proves the chat exists: only an empty one costs the extra lookup that tells "no chat" (404) apart.
 */
export async function listMessages(db: Tx, input: ListMessagesInput) {
  const { chatId, cursor, limit, around, newer } = parseInput(listMessagesInput, input);
  if (around !== undefined) {
    await assertChat(db, chatId);
    return messagesAround(db, chatId, around, limit);
  }
  if (newer !== undefined) {
    await assertChat(db, chatId);
    return newerMessages(db, chatId, newer, limit);
  }
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await historyPage(db, after ? 'after' : 'first').execute({
    chatId,
    k: after?.k ?? '',
    id: after?.id,
    limit: limit + 1,
  });
  if (rows.length === 0) await assertChat(db, chatId);
  const page = toPage(
    rows,
    limit,
    (row) => row.sortKey,
    ({ sortKey: _, ...row }) => withMediaUrl(row),
  );
  return { ...page, newerCursor: null };
}

const columnsWithKey = { ...messageColumns, sortKey: microsText(messages.timestamp) };
type KeyedRow = Awaited<ReturnType<typeof selectSide>>[number];
const strip = ({ sortKey: _, ...row }: KeyedRow) => withMediaUrl(row);
const cursorOf = (row: KeyedRow | undefined) => (row ? encodeCursor({ k: row.sortKey, id: row.id }) : null);

/**
 * Messages on one side of `(k, id)`, `limit + 1` of them, nearest first: newer ones oldest first (the
 * chat_time index read backwards), older ones newest first and with the anchor itself.
 */
function selectSide(
  db: Tx,
  chatId: number,
  anchor: { k: string; id: number },
  limit: number,
  side: 'newer' | 'older',
) {
  const op = side === 'newer' ? sql`>` : sql`<=`;
  const order = side === 'newer' ? sql`asc nulls first` : sql`desc nulls last`;
  return db
    .select(columnsWithKey)
    .from(messages)
    .leftJoin(mediaDownloads, eq(mediaDownloads.messageId, messages.id))
    .where(
      and(
        eq(messages.chatId, chatId),
        sql`(${messages.timestamp}, ${messages.id}) ${op} (${anchor.k}::timestamptz, ${anchor.id})`,
      ),
    )
    .orderBy(sql`${messages.timestamp} ${order}`, sql`${messages.id} ${order}`)
    .limit(limit + 1);
}

/** A page centred on one message: about half older (with it), half newer; both ends carry their cursor. */
async function messagesAround(db: Tx, chatId: number, messageId: number, limit: number) {
  const [anchor] = await db
    .select({ id: messages.id, sortKey: microsText(messages.timestamp) })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.chatId, chatId)));
  if (!anchor?.sortKey)
    throw new NotFound(`No message ${messageId} in chat ${chatId}.`, { chatId, messageId });
  const newerCount = Math.floor(limit / 2);
  const olderCount = limit - newerCount;
  const [olderRows, newerRows] = await Promise.all([
    selectSide(db, chatId, { k: anchor.sortKey, id: anchor.id }, olderCount, 'older'),
    selectSide(db, chatId, { k: anchor.sortKey, id: anchor.id }, newerCount, 'newer'),
  ]);
  const older = olderRows.slice(0, olderCount);
  const newerPage = newerRows.slice(0, newerCount);
  return {
    items: [...newerPage.slice().reverse(), ...older].map(strip),
    nextCursor: olderRows.length > olderCount ? cursorOf(older.at(-1)) : null,
    newerCursor: newerRows.length > newerCount ? cursorOf(newerPage.at(-1)) : null,
  };
}

/** The page just newer than a `newerCursor`, newest first like every page; null `newerCursor` at the newest. */
async function newerMessages(db: Tx, chatId: number, cursor: string, limit: number) {
  const { k, id } = decodeCursor(cursor);
  const rows = await selectSide(db, chatId, { k: k ?? '', id }, limit, 'newer');
  const page = rows.slice(0, limit);
  return {
    items: page.slice().reverse().map(strip),
    nextCursor: null,
    newerCursor: rows.length > limit ? cursorOf(page.at(-1)) : null,
  };
}
