import { type AnyColumn, and, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db';
import { preparedOnce, preparedPerHandle } from '../db/prepared';
import { mediaDownloads, whatsappMessages as messages, whatsappChats } from '../db/schema';
import { NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import type { MediaState } from '../media/states';
import { decodeCursor, encodeCursor, isoText, microsText, pageInput, toPage } from '../pagination/cursor';
import type { LocationDto, MediaMetaDto, PollDto, VcardDto } from './dto';
import type { MessageSource } from './message-source';

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

/** One stored message as the history answers it (lib/api/schemas/responses.ts `messageItem`). */
export interface HistoryMessage {
  id: number;
  chatId: number;
  protocolId: string;
  serializedId: string;
  fromMe: boolean;
  senderWid: string | null;
  body: string;
  type: string;
  /** ISO text, as every timestamp the API answers. */
  timestamp: string;
  ack: number;
  hasMedia: boolean;
  isForwarded: boolean;
  quotedProtocolId: string | null;
  editedAt: string | null;
  previousBody: string | null;
  revokedAt: string | null;
  source: MessageSource;
  system: boolean;
  media: MessageMedia | null;
  poll: PollDto | null;
  quoted: QuotedMessage | null;
  reactions: MessageReaction[];
  location: LocationDto | null;
  vcards: VcardDto[] | null;
}

export interface HistoryPage {
  items: HistoryMessage[];
  nextCursor: string | null;
  newerCursor: string | null;
}

/** Where a stored file is served (app/api/v1/whatsapp/messages/[id]/media/), around the message's id. */
const MEDIA_PATH = ['/api/v1/whatsapp/messages/', '/media/'] as const;
export const mediaUrlOf = (messageId: number) => `${MEDIA_PATH[0]}${messageId}${MEDIA_PATH[1]}`;

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

/** A constant of the statement itself, not a parameter (the plans test counts the parameters). */
const literal = (text: string) => sql.raw(`'${text.replaceAll("'", "''")}'`);

/**
 * Each field of a `HistoryMessage`, in the order the API answers them, as SQL on a message row left-joined
 * to its media_downloads row.
 */
const messageFields: [keyof HistoryMessage, SQL | AnyColumn][] = [
  ['id', messages.id],
  ['chatId', messages.chatId],
  ['protocolId', messages.protocolId],
  ['serializedId', messages.serializedId],
  ['fromMe', messages.fromMe],
  ['senderWid', messages.senderWid],
  ['body', messages.body],
  ['type', messages.type],
  ['timestamp', isoText(messages.timestamp)],
  ['ack', messages.ack],
  ['hasMedia', messages.hasMedia],
  ['isForwarded', messages.isForwarded],
  ['quotedProtocolId', messages.quotedProtocolId],
  ['editedAt', isoText(messages.editedAt)],
  ['previousBody', messages.previousBody],
  ['revokedAt', isoText(messages.revokedAt)],
  ['source', messages.source],
  ['system', messages.system],
  // The URL only while the bytes are there to serve.
  [
    'media',
    sql`case when ${messages.mediaMimetype} is null and ${messages.mediaSize} is null
    then null else json_build_object('mimetype', ${messages.mediaMimetype}, 'size', ${messages.mediaSize},
      'filehash', ${messages.mediaFilehash}, 'filename', ${messages.mediaFilename},
      'duration', ${messages.mediaDuration}, 'width', ${messages.mediaWidth}, 'height', ${messages.mediaHeight},
      'thumbnail', ${messages.mediaThumbnail}, 'state', ${mediaDownloads.state},
      'url', case when ${mediaDownloads.state} = 'stored'
        then ${literal(MEDIA_PATH[0])} || ${messages.id} || ${literal(MEDIA_PATH[1])} end,
      'error', ${mediaDownloads.error}) end`,
  ],
  [
    'poll',
    sql`case when ${messages.pollName} is null then null else json_build_object(
    'name', ${messages.pollName}, 'options', coalesce(${messages.pollOptions}, '{}'),
    'allowMultiple', coalesce(${messages.pollAllowMultiple}, false)) end`,
  ],
  // The quoted message by its protocol id (ours or theirs); one we never stored still shows its id.
  [
    'quoted',
    sql`case when ${messages.quotedProtocolId} is null then null else coalesce(
    (select json_build_object('id', q.id, 'protocolId', q.protocol_id, 'body', q.body, 'type', q.type,
      'fromMe', q.from_me, 'senderWid', q.sender_wid)
     from whatsapp_messages q where q.session_id = ${messages.sessionId} and q.protocol_id = ${messages.quotedProtocolId}
     order by q.from_me limit 1),
    json_build_object('id', null, 'protocolId', ${messages.quotedProtocolId}, 'body', '', 'type', 'unknown',
      'fromMe', false, 'senderWid', null)) end`,
  ],
  [
    'reactions',
    sql`coalesce((select json_agg(json_build_object('emoji', r.emoji,
      'senderWid', case when r.from_me then null else r.sender_wid end,
      'senderName', case when r.from_me then null else coalesce(c.name, c.push_name) end,
      'fromMe', r.from_me) order by r.timestamp, r.id)
    from whatsapp_reactions r
    left join whatsapp_contacts c on c.session_id = r.session_id and c.wid = r.sender_wid
    where r.session_id = ${messages.sessionId} and r.message_protocol_id = ${messages.protocolId}
      and r.message_from_me = ${messages.fromMe} and r.emoji <> ''), '[]'::json)`,
  ],
  ['location', messages.location],
  ['vcards', messages.vcards],
];

/**
 * The message as the JSON text the API answers, written by PostgreSQL (`row_to_json`: compact, fields in
 * order, timestamps already ISO text). The web process hands it on untouched instead of reading ~25 values a
 * row into objects and serializing them again: that was half of a history page's CPU in the web process.
 */
const messageJson = sql<string>`(select row_to_json(j)::text from (select ${sql.join(
  messageFields.map(([key, value]) => sql`${value} as ${sql.identifier(key)}`),
  sql`, `,
)}) j)`;

/** What a history query selects: the keyset of each row, for cursors, beside its JSON. */
const keyedColumns = {
  id: messages.id,
  sortKey: microsText(messages.timestamp),
  json: messageJson,
};
type KeyedRow = { id: number; sortKey: string | null; json: string };

/** A page's body: the rows' JSON in order, then both cursors (`historyPage` in the API schemas). */
function pageJson(rows: KeyedRow[], nextCursor: string | null, newerCursor: string | null): string {
  const items = rows.map((row) => row.json).join(',');
  return `{"items":[${items}],"nextCursor":${JSON.stringify(nextCursor)},"newerCursor":${JSON.stringify(newerCursor)}}`;
}

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
      .select(keyedColumns)
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
 * One chat's messages, newest first, a page at a time (scrolling up asks for `nextCursor`), as the JSON text
 * the API answers. Ordered by WhatsApp's timestamp then id, the chat_time index's order, so a page is one
 * index range scan. A page with rows proves the chat exists: only an empty one costs the extra lookup that
 * tells "no chat" (404) apart.
 */
export async function listMessagesJson(db: Tx, input: ListMessagesInput): Promise<string> {
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
  const rows: KeyedRow[] = await historyPage(db, after ? 'after' : 'first').execute({
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
    (row) => row,
  );
  return pageJson(page.items, page.nextCursor, null);
}

/** The same page as data, for callers in this process. */
export async function listMessages(db: Tx, input: ListMessagesInput): Promise<HistoryPage> {
  return JSON.parse(await listMessagesJson(db, input)) as HistoryPage;
}

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
): Promise<KeyedRow[]> {
  const op = side === 'newer' ? sql`>` : sql`<=`;
  const order = side === 'newer' ? sql`asc nulls first` : sql`desc nulls last`;
  return db
    .select(keyedColumns)
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
  return pageJson(
    [...newerPage.slice().reverse(), ...older],
    olderRows.length > olderCount ? cursorOf(older.at(-1)) : null,
    newerRows.length > newerCount ? cursorOf(newerPage.at(-1)) : null,
  );
}

/** The page just newer than a `newerCursor`, newest first like every page; null `newerCursor` at the newest. */
async function newerMessages(db: Tx, chatId: number, cursor: string, limit: number) {
  const { k, id } = decodeCursor(cursor);
  const rows = await selectSide(db, chatId, { k: k ?? '', id }, limit, 'newer');
  const page = rows.slice(0, limit);
  return pageJson(page.slice().reverse(), null, rows.length > limit ? cursorOf(page.at(-1)) : null);
}
