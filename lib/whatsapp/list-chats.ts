import { and, eq, gt, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db';
import { at, preparedPerHandle } from '../db/prepared';
import { whatsappChats as chats } from '../db/schema';
import { NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import { chatIdToPhone } from '../operators/operator-chat';
import { decodeCursor, likePattern, microsText, pageInput, toPage } from '../pagination/cursor';
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
 * The newest message of each listed chat, for the preview line (one index probe per row). The outer column is
 * written qualified on purpose: drizzle renders `${chats.id}` bare in single-table selects, which inside this
 * subquery would mean `m.id`. Orders are spelled `desc nulls last` like the indexes (chat_time, chats_list):
 * a plain `desc` (NULLS FIRST) cannot be read off them and made PostgreSQL sort every row of the chat.
 */
const lastMessage = sql<{
  body: string;
  fromMe: boolean;
  type: string;
  timestamp: string;
  revoked: boolean;
  media: { filename: string | null; duration: number | null } | null;
} | null>`(
  select json_build_object('body', left(m.body, 200), 'fromMe', m.from_me, 'type', m.type,
    'timestamp', m.timestamp, 'revoked', m.revoked_at is not null,
    'media', case when m.media_mimetype is null and m.media_size is null then null
      else json_build_object('filename', m.media_filename, 'duration', m.media_duration) end)
  from whatsapp_messages m where m.chat_id = "whatsapp_chats"."id" and not m.system
  order by m.timestamp desc nulls last, m.id desc nulls last limit 1)`;

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
  lastMessageAt: chats.lastMessageAt,
  description: chats.description,
  participantCount: chats.participantCount,
  weAreMember: chats.weAreMember,
  weAreAdmin: chats.weAreAdmin,
  deletedAt: chats.deletedAt,
};

type ChatRow = { [K in keyof typeof chatColumns]: (typeof chats.$inferSelect)[K] };
/** Adds the phone to a row fresh from the query (mutated, not copied: a page of 50 copies showed in bench:api). */
const present = <T extends ChatRow>(row: T): T & { phone: string | null } =>
  Object.assign(row, { phone: row.isGroup ? null : chatIdToPhone(row.waId) });

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
}

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
  return (
    db
      // Only the key this order pages by: the other would be computed for every row and thrown away.
      .select({ ...chatColumns, lastMessage, sortKey: shape.order === 'name' ? nameKey : recentKey })
      .from(chats)
      .where(and(...filters))
      .orderBy(
        ...(shape.order === 'name'
          ? [sql`${nameKey} asc`, sql`${chats.id} asc`]
          : [sql`${chats.lastMessageAt} desc nulls last`, sql`${chats.id} desc nulls last`]),
      )
      .limit(at('limit'))
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
  return toPage(
    rows,
    limit,
    (row) => row.sortKey,
    ({ sortKey: _, ...row }) => present(row),
  );
}

/** One chat by our numeric id. */
export async function getChat(db: Tx, chatId: number) {
  const id = parseInput(z.number().int().positive(), chatId, 'Invalid chat id.');
  const [row] = await db
    .select({ ...chatColumns, lastMessage })
    .from(chats)
    .where(eq(chats.id, id));
  if (!row) throw new NotFound(`No chat ${id}.`, { chatId: id });
  return present(row);
}

/** Several chats by our ids, in no particular order; ids that name no chat are left out. */
export async function getChats(db: Tx, chatIds: readonly number[]) {
  const ids = parseInput(z.array(z.number().int().positive()).max(200), chatIds, 'Invalid chat ids.');
  if (ids.length === 0) return [];
  const rows = await db
    .select({ ...chatColumns, lastMessage })
    .from(chats)
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
  return present(row);
}
