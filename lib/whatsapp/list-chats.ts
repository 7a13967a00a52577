import { and, eq, gt, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db';
import { at, preparedPerHandle } from '../db/prepared';
import { whatsappChats as chats, whatsappMessages as messages } from '../db/schema';
import { NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import { chatIdToPhone } from '../operators/operator-chat';
import { decodeCursor, isoText, likePattern, microsText, pageInput, toPage } from '../pagination/cursor';
import { CHAT_KINDS } from './chat-kinds';
import { findSessionByName, sessionNameSchema } from './sessions/view';

export const CHAT_ORDERS = ['recent', 'name'] as const;

export const listChatsInput = z
  .object({
    sessionId: z.number().int().positive().optional(),
    /** The number by name instead: looked up inside the page's own query, one round trip instead of two. */
    sessionName: sessionNameSchema.optional(),
    /** Matches the name or the WhatsApp id (so a phone number finds its chat), case-insensitively. */
    q: z.string().trim().max(200).optional(),
    kind: z.enum(CHAT_KINDS).default('all'),
    /** `recent`: newest activity first (the inbox); `name`: alphabetical (a group picker). */
    order: z.enum(CHAT_ORDERS).default('recent'),
    includeDeleted: z.boolean().default(false),
    /** Only chats with unread messages. */
    unread: z.boolean().default(false),
    ...pageInput,
  })
  .refine((v) => (v.sessionId === undefined) !== (v.sessionName === undefined), {
    message: 'Name the WhatsApp number by exactly one of sessionId and sessionName.',
  });
export type ListChatsInput = z.input<typeof listChatsInput>;

const nameKey = sql<string>`lower(coalesce(${chats.name}, ${chats.waId}))`;
const recentKey = microsText(chats.lastMessageAt);

/**
 * The newest message of each listed chat, for the preview line: one index probe per row, through a lateral
 * join read as plain columns (a json object per row cost PostgreSQL building it and us parsing it again, and
 * gave its timestamp PostgreSQL's text instead of an ISO date like every other). The outer column is written
 * qualified on purpose: drizzle renders `${chats.id}` bare in single-table selects, which inside this
 * subquery would mean `m.id`. Orders are spelled `desc nulls last` like the indexes (chat_time, chats_list):
 * a plain `desc` (NULLS FIRST) cannot be read off them and made PostgreSQL sort every row of the chat.
 */
const newestMessage = (db: Tx) =>
  db
    .select({
      previewBody: sql<string>`left(${messages.body}, 200)`.as('preview_body'),
      previewFromMe: sql<boolean>`${messages.fromMe}`.as('preview_from_me'),
      previewType: sql<string>`${messages.type}`.as('preview_type'),
      previewAt: isoText(messages.timestamp).as('preview_at'),
      previewRevoked: sql<boolean>`${messages.revokedAt} is not null`.as('preview_revoked'),
      previewMedia:
        sql<boolean>`not (${messages.mediaMimetype} is null and ${messages.mediaSize} is null)`.as(
          'preview_media',
        ),
      previewFilename: sql<string | null>`${messages.mediaFilename}`.as('preview_filename'),
      previewDuration: sql<number | null>`${messages.mediaDuration}`.as('preview_duration'),
    })
    .from(messages)
    .where(sql`${messages.chatId} = "whatsapp_chats"."id" and not ${messages.system}`)
    .orderBy(sql`${messages.timestamp} desc nulls last`, sql`${messages.id} desc nulls last`)
    .limit(1)
    .as('preview');

/** A chat row with its preview columns, ready to be read: `preview.*` of the lateral join, flat. */
function withPreview(db: Tx) {
  const preview = newestMessage(db);
  const columns = {
    ...chatColumns,
    previewBody: preview.previewBody,
    previewFromMe: preview.previewFromMe,
    previewType: preview.previewType,
    previewAt: preview.previewAt,
    previewRevoked: preview.previewRevoked,
    previewMedia: preview.previewMedia,
    previewFilename: preview.previewFilename,
    previewDuration: preview.previewDuration,
  };
  return { preview, columns };
}

export const chatColumns = {
  id: chats.id,
  sessionId: chats.sessionId,
  waId: chats.waId,
  name: chats.name,
  isGroup: chats.isGroup,
  unreadCount: chats.unreadCount,
  archived: chats.archived,
  pinned: chats.pinned,
  muted: chats.muted,
  readOnly: chats.readOnly,
  lastMessageAt: isoText(chats.lastMessageAt),
  description: chats.description,
  participantCount: chats.participantCount,
  weAreMember: chats.weAreMember,
  weAreAdmin: chats.weAreAdmin,
  deletedAt: chats.deletedAt,
};

/** Its timestamp is already the ISO text the API answers (`isoText`); the rest as the table has them. */
type ChatRow = {
  [K in Exclude<keyof typeof chatColumns, 'lastMessageAt'>]: (typeof chats.$inferSelect)[K];
} & {
  lastMessageAt: string | null;
};
/** A row of the chat queries below: the chat's columns and its flat preview columns (a left join: nullable). */
type PreviewRow = Omit<Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number], 'sortKey'>;

/** Adds the phone to a row fresh from the query (mutated, not copied: a page of 50 copies showed in bench:api). */
const withPhone = <T extends ChatRow>(row: T): T & { phone: string | null } =>
  Object.assign(row, { phone: row.isGroup ? null : chatIdToPhone(row.waId) });

/**
 * A chat as clients read it: its phone, and its preview columns gathered into `lastMessage` (null: no message).
 * One copy of the row (the rest below), which also drops the list's sort key.
 */
function present(row: PreviewRow & { sortKey?: string | null }) {
  const {
    sortKey: _,
    previewBody,
    previewFromMe,
    previewType,
    previewAt,
    previewRevoked,
    previewMedia,
    previewFilename,
    previewDuration,
    ...chat
  } = row;
  const lastMessage =
    previewAt === null
      ? null
      : {
          body: previewBody ?? '',
          fromMe: previewFromMe === true,
          type: previewType ?? 'chat',
          timestamp: previewAt,
          revoked: previewRevoked === true,
          media: previewMedia ? { filename: previewFilename, duration: previewDuration } : null,
        };
  return Object.assign(withPhone(chat), { lastMessage });
}

/** Where a page starts after `cursor` (placeholders `k`, `id`). */
function afterCursor(order: (typeof CHAT_ORDERS)[number], nullKey: boolean): SQL {
  if (order === 'name') return sql`(${nameKey}, ${chats.id}) > (${at('k')}, ${at('id')})`;
  // Newest first with never-active chats (null) last: after a dated row come older rows, then the nulls.
  return nullKey
    ? sql`(${chats.lastMessageAt} is null and ${chats.id} < ${at('id')})`
    : sql`(${chats.lastMessageAt} < ${at('k')}::timestamptz
        or (${chats.lastMessageAt} = ${at('k')}::timestamptz and ${chats.id} < ${at('id')})
        or ${chats.lastMessageAt} is null)`;
}

interface ListShape {
  byName: boolean;
  order: (typeof CHAT_ORDERS)[number];
  kind: (typeof CHAT_KINDS)[number];
  includeDeleted: boolean;
  unread: boolean;
  search: boolean;
  cursor: 'none' | 'key' | 'null-key';
  /** The page's row count written into the statement, or null to pass it as a parameter. */
  rows: number | null;
}

/**
 * Page sizes whose statement carries its LIMIT as a literal. With the LIMIT a parameter, PostgreSQL costs a
 * generic plan as if it returned a tenth of the number's chats, each with its preview probe, so it never
 * keeps one and plans this query again on every request (pg_prepared_statements: custom_plans only), which
 * was a third of its execution time (pgbench, 0.47 vs 0.33 ms at scale 0.05). With the LIMIT known, the
 * generic plan costs what a custom one does and is kept after PostgreSQL's five trials. Only the sizes
 * clients use get their own statement (the dashboard's 100, the API's default 50, a preview's 5…), so a
 * client walking every size from 1 to 200 cannot make each connection keep hundreds of statements; the
 * others stay a parameter, planned each time as before. Right here because every number has about as many
 * chats: a generic plan is costed for the average value, and a chat's messages range from one to millions
 * (list-messages.ts keeps the history's LIMIT a parameter).
 */
const LITERAL_PAGE_SIZES: ReadonlySet<number> = new Set([5, 10, 20, 25, 30, 50, 100, 200]);

/** One prepared query per combination of filters (a few dozen at most); values go in as placeholders. */
const listQuery = preparedPerHandle((db: Tx, shape: ListShape) => {
  const filters: (SQL | undefined)[] = [
    shape.byName
      ? sql`${chats.sessionId} = (select s.id from whatsapp_sessions s where s.name = ${at('sessionName')})`
      : eq(chats.sessionId, at('sessionId')),
  ];
  if (shape.kind !== 'all') filters.push(eq(chats.isGroup, shape.kind === 'groups'));
  if (!shape.includeDeleted) filters.push(isNull(chats.deletedAt));
  if (shape.unread) filters.push(gt(chats.unreadCount, 0));
  if (shape.search)
    filters.push(sql`(${chats.name} ilike ${at('pattern')} or ${chats.waId} ilike ${at('pattern')})`);
  if (shape.cursor !== 'none') filters.push(afterCursor(shape.order, shape.cursor === 'null-key'));
  const { preview, columns } = withPreview(db);
  return (
    db
      // Only the key this order pages by: the other would be computed for every row and thrown away.
      .select({ ...columns, sortKey: shape.order === 'name' ? nameKey : recentKey })
      .from(chats)
      .leftJoinLateral(preview, sql`true`)
      .where(and(...filters))
      .orderBy(
        ...(shape.order === 'name'
          ? [sql`${nameKey} asc`, sql`${chats.id} asc`]
          : [sql`${chats.lastMessageAt} desc nulls last`, sql`${chats.id} desc nulls last`]),
      )
      // A literal is an SQL chunk, which Drizzle's `limit` takes at run time though its type says number.
      .limit(shape.rows === null ? at('limit') : (sql.raw(String(shape.rows)) as unknown as number))
      .prepare('list_chats')
  );
});

/** Chats and groups of one WhatsApp number, a page at a time; `nextCursor` is null on the last page. */
export async function listChats(db: Tx, input: ListChatsInput) {
  const { sessionId, sessionName, q, kind, order, includeDeleted, unread, cursor, limit } = parseInput(
    listChatsInput,
    input,
  );
  const after = cursor ? decodeCursor(cursor) : null;
  const shape: ListShape = {
    byName: sessionName !== undefined,
    order,
    kind,
    includeDeleted,
    unread,
    search: Boolean(q),
    cursor: after === null ? 'none' : after.k === null ? 'null-key' : 'key',
    rows: LITERAL_PAGE_SIZES.has(limit) ? limit + 1 : null,
  };
  const rows = await listQuery(db, shape).execute({
    sessionId,
    sessionName,
    pattern: q ? likePattern(q) : undefined,
    k: after?.k ?? (order === 'name' ? '' : undefined),
    id: after?.id,
    limit: limit + 1,
  });
  // No rows: maybe no such number. Asked only then, so a page that has rows costs one round trip.
  if (rows.length === 0 && sessionName !== undefined) await findSessionByName(db, sessionName);
  return toPage(rows, limit, (row) => row.sortKey, present);
}

/** One chat by our numeric id. */
export async function getChat(db: Tx, chatId: number) {
  const id = parseInput(z.number().int().positive(), chatId, 'Invalid chat id.');
  const { preview, columns } = withPreview(db);
  const [row] = await db
    .select(columns)
    .from(chats)
    .leftJoinLateral(preview, sql`true`)
    .where(eq(chats.id, id));
  if (!row) throw new NotFound(`No chat ${id}.`, { chatId: id });
  return present(row);
}

/** Several chats by our ids, in no particular order; ids that name no chat are left out. */
export async function getChats(db: Tx, chatIds: readonly number[]) {
  const ids = parseInput(z.array(z.number().int().positive()).max(200), chatIds, 'Invalid chat ids.');
  if (ids.length === 0) return [];
  const { preview, columns } = withPreview(db);
  const rows = await db
    .select(columns)
    .from(chats)
    .leftJoinLateral(preview, sql`true`)
    .where(inArray(chats.id, ids));
  return rows.map(present);
}

/** One chat by WhatsApp id (`569…@c.us`, `…@g.us`) on a session. */
export async function findChatByWaId(db: Tx, sessionId: number, waId: string) {
  const [row] = await db
    .select(chatColumns)
    .from(chats)
    .where(and(eq(chats.sessionId, sessionId), eq(chats.waId, waId)));
  if (!row) throw new NotFound(`No chat ${waId.slice(0, 100)}.`, { waId: waId.slice(0, 100) });
  return withPhone(row);
}
