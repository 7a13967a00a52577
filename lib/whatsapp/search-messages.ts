import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db';
import { parseInput } from '../errors/parse';
import { chatIdToPhone } from '../operators/operator-chat';
import { decodeCursor, encodeCursor, microsText, pageInput } from '../pagination/cursor';
import { pageOfMatches } from './search-page';
import {
  escapeLike,
  HEADLINE_OPTIONS,
  HIGHLIGHT_ALL,
  messageVector,
  parseSearchQuery,
  type Segment,
  toSegments,
  toTsQuery,
  unaccented,
} from './search-query';

/** What a result can be filtered to; captions of photos, videos and documents are their text. */
export const SEARCH_KINDS = [
  'text',
  'photo',
  'video',
  'audio',
  'document',
  'sticker',
  'location',
  'contact',
] as const;
const TYPES_OF: Record<(typeof SEARCH_KINDS)[number], string[]> = {
  text: ['chat'],
  photo: ['image', 'album'],
  video: ['video', 'ptv'],
  audio: ['audio', 'ptt'],
  document: ['document'],
  sticker: ['sticker'],
  location: ['location'],
  contact: ['vcard', 'multi_vcard'],
};
/** Messages up to this length are shown whole; longer ones as the fragments around the match. */
const WHOLE_UP_TO = 280;
export const SEARCH_SENDERS = ['customer', 'us'] as const;

export const searchMessagesInput = z
  .object({
    q: z.string().trim().min(1).max(200),
    /** One number's messages; omitted: every number's. */
    sessionId: z.number().int().positive().optional(),
    chatId: z.number().int().positive().optional(),
    from: z.enum(SEARCH_SENDERS).optional(),
    kind: z.enum(SEARCH_KINDS).optional(),
    after: z.coerce.date().optional(),
    before: z.coerce.date().optional(),
    ...pageInput,
  })
  .refine((v) => !v.after || !v.before || v.after <= v.before, {
    message: '`after` must not be later than `before`.',
    path: ['after'],
  });
export type SearchMessagesInput = z.input<typeof searchMessagesInput>;

export interface SearchHit {
  id: number;
  chatId: number;
  fromMe: boolean;
  senderWid: string | null;
  senderName: string | null;
  type: string;
  timestamp: string;
  snippet: Segment[];
}

export interface SearchChat {
  id: number;
  sessionId: number;
  session: string;
  waId: string;
  name: string | null;
  isGroup: boolean;
  phone: string | null;
}

interface HitRow extends Record<string, unknown> {
  id: number;
  chat_id: number;
  from_me: boolean;
  sender_wid: string | null;
  sender_name: string | null;
  type: string;
  timestamp: string;
  sort_key: string;
  marked: string;
}

interface ChatRow extends Record<string, unknown> {
  id: number;
  session_id: number;
  session: string;
  wa_id: string;
  name: string | null;
  is_group: boolean;
}

// Raw queries give bigint ids as strings; they are safe integers (lib/db/schema/columns.ts).
const presentChat = (row: ChatRow): SearchChat => ({
  id: Number(row.id),
  sessionId: Number(row.session_id),
  session: row.session,
  waId: row.wa_id,
  name: row.name,
  isGroup: row.is_group,
  phone: row.is_group ? null : chatIdToPhone(row.wa_id),
});

/**
 * The WHERE of a search, in two parts: the filters (number, chat, sender, kind, dates, the page's cursor) and
 * the matches, any of which will do (full text, and for plain words a trigram substring). Null when the query
 * looks for nothing.
 */
export function searchConditions(input: z.output<typeof searchMessagesInput>) {
  const { q, sessionId, chatId, from, kind, after, before, cursor } = input;
  const parsed = parseSearchQuery(q);
  const tsq = toTsQuery(parsed);
  const like = parsed.substring ? `%${escapeLike(parsed.substring)}%` : null;
  if (!tsq && !like) return null;
  const filters: SQL[] = [sql`not m.system`];
  const matches: SQL[] = [];
  // The substring first: a row it matches then skips the costlier to_tsvector (search-page.ts tests in order).
  if (like) matches.push(sql`${unaccented(sql`m.body`)} like ${unaccented(like)}`);
  if (tsq) matches.push(sql`${messageVector(sql`m.body`)} @@ (${tsq})`);
  if (sessionId) filters.push(sql`m.session_id = ${sessionId}`);
  if (chatId) filters.push(sql`m.chat_id = ${chatId}`);
  if (from) filters.push(sql`m.from_me = ${from === 'us'}`);
  if (kind) filters.push(sql`m.type in ${TYPES_OF[kind]}`);
  if (after) filters.push(sql`m.timestamp >= ${after.toISOString()}::timestamptz`);
  if (before) filters.push(sql`m.timestamp < ${before.toISOString()}::timestamptz`);
  if (cursor) {
    const { k, id } = decodeCursor(cursor);
    filters.push(sql`(m.timestamp, m.id) < (${k ?? ''}::timestamptz, ${id})`);
  }
  return { parsed, tsq, filters, matches };
}

/**
 * Message search: full text (Spanish and English stems, accents ignored, phrases, prefixes, exclusions) or, for
 * plain words, a trigram substring match (partial words, numbers, names inside messages), over the messages a
 * person wrote (system events are left out). Newest first, a keyset page at a time; each page comes grouped by
 * chat (in the order of each chat's newest hit) with the matching words marked. The first page also lists chats
 * whose name or number matches.
 */
export async function searchMessages(db: Tx, input: SearchMessagesInput) {
  const parsedInput = parseInput(searchMessagesInput, input);
  const { q, sessionId, chatId, cursor, limit } = parsedInput;
  const conditions = searchConditions(parsedInput);
  if (!conditions) return { groups: [], chats: [], nextCursor: null };
  const { parsed, tsq, filters, matches } = conditions;
  const pageIds = (await pageOfMatches(db, { filters, matches, limit })).map((r) => Number(r.id));
  if (pageIds.length === 0) {
    const chats = cursor || chatId ? [] : await matchingChats(db, q, sessionId);
    return { groups: [], chats, nextCursor: null };
  }
  const headlineQuery = tsq ?? sql`''::tsquery`;
  // Only the page's rows get the costly ts_headline.
  const rows = await db.execute<HitRow>(sql`
    select p.id, p.chat_id, p.from_me, p.sender_wid, p.type, p.timestamp,
      ${microsText(sql`p.timestamp`)} as sort_key,
      coalesce(ct.name, ct.push_name) as sender_name,
      ts_headline('public.tuki_english'::regconfig,
        ts_headline('public.tuki_spanish'::regconfig, translate(p.body, E'\\x02\\x03', ''), q.tsq, ${HIGHLIGHT_ALL}),
        q.tsq, case when length(p.body) <= ${WHOLE_UP_TO} then ${HIGHLIGHT_ALL} else ${HEADLINE_OPTIONS} end) as marked
    from whatsapp_messages p
    cross join (select ${headlineQuery} as tsq) q
    left join whatsapp_contacts ct on ct.session_id = p.session_id and ct.wid = p.sender_wid and not p.from_me
    where p.id in ${pageIds}
    order by p.timestamp desc, p.id desc`);
  const list = [...rows].map((r) => ({ ...r, id: Number(r.id), chat_id: Number(r.chat_id) }));
  const page = list.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = list.length > limit && last ? encodeCursor({ k: last.sort_key, id: last.id }) : null;

  const chatIds = [...new Set(page.map((r) => r.chat_id))];
  const chatRows = chatIds.length
    ? [
        ...(await db.execute<ChatRow>(sql`
          select c.id, c.session_id, s.name as session, c.wa_id, c.name, c.is_group
          from whatsapp_chats c join whatsapp_sessions s on s.id = c.session_id
          where c.id in ${chatIds}`)),
      ]
    : [];
  const chatsById = new Map(chatRows.map((c) => [Number(c.id), presentChat(c)]));
  const groups: { chat: SearchChat; hits: SearchHit[] }[] = [];
  const byChat = new Map<number, SearchHit[]>();
  for (const row of page) {
    const chat = chatsById.get(row.chat_id);
    if (!chat) continue;
    let hits = byChat.get(row.chat_id);
    if (!hits) {
      hits = [];
      byChat.set(row.chat_id, hits);
      groups.push({ chat, hits });
    }
    hits.push({
      id: row.id,
      chatId: row.chat_id,
      fromMe: row.from_me,
      senderWid: row.sender_wid,
      senderName: row.sender_name,
      type: row.type,
      timestamp: new Date(row.timestamp).toISOString(),
      snippet: toSegments(row.marked, parsed.substring),
    });
  }
  const chats = cursor || chatId ? [] : await matchingChats(db, q, sessionId);
  return { groups, chats, nextCursor };
}

/** Chats whose name, number or contact's names contain the query (trigram indexes), at most eight. */
async function matchingChats(db: Tx, q: string, sessionId: number | undefined): Promise<SearchChat[]> {
  const text = q.replace(/["*]/g, '').trim();
  if (text.length < 3) return [];
  const digits = text.replace(/[\s+()-]/g, '');
  const pattern = `%${escapeLike(/^\d+$/.test(digits) ? digits : text)}%`;
  const session = sessionId ? sql`and c.session_id = ${sessionId}` : sql``;
  const rows = await db.execute<ChatRow>(sql`
    select c.id, c.session_id, s.name as session, c.wa_id, c.name, c.is_group
    from whatsapp_chats c join whatsapp_sessions s on s.id = c.session_id
    where c.deleted_at is null ${session}
      and (${unaccented(sql`coalesce(c.name, '') || ' ' || split_part(c.wa_id, '@', 1)`)} like ${unaccented(pattern)}
        or exists (select 1 from whatsapp_contacts ct
          where ct.session_id = c.session_id and (ct.wid = c.wa_id or ct.lid = c.wa_id)
            and ${unaccented(sql`coalesce(ct.name, '') || ' ' || coalesce(ct.push_name, '') || ' ' || coalesce(ct.phone, '')`)}
              like ${unaccented(pattern)}))
    order by c.last_message_at desc nulls last, c.id desc
    limit 8`);
  return [...rows].map(presentChat);
}
