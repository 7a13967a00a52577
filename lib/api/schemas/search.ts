import { z } from 'zod';
import { EXPORT_FORMATS } from '../../exports/chat-export';
import { SEARCH_KINDS, SEARCH_SENDERS } from '../../whatsapp/search-messages';
import { idParam, pageQuery, sessionQuery } from './common';
import { messageItem } from './responses';
import { requestsQuery } from './whatsapp';

/** Request and answer shapes of message search, history around a message, and exports. */

const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const searchMessagesQuery = sessionQuery.extend({
  ...pageQuery.shape,
  q: z.string().trim().min(1).max(200).meta({
    description:
      'Words (all must appear; Spanish and English stems, accents ignored), "a phrase", prefix*, -excluded. Plain words of 3+ characters also match inside words and numbers.',
  }),
  allSessions: booleanFlag
    .optional()
    .meta({ description: 'true: every WhatsApp number, not only ?session=.' }),
  chatId: idParam.optional().meta({ description: 'Only this chat.' }),
  from: z
    .enum(SEARCH_SENDERS)
    .optional()
    .meta({ description: 'customer: received; us: sent by our number.' }),
  kind: z
    .enum(SEARCH_KINDS)
    .optional()
    .meta({ description: 'Message kind; captions count as text of their media.' }),
  after: z.iso.datetime({ offset: true }).optional().meta({ description: 'From this instant (inclusive).' }),
  before: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: 'Before this instant (exclusive).' }),
});

const id = z.number().int().positive();
const segment = z.object({ text: z.string(), match: z.boolean() });

export const searchChat = z.object({
  id,
  sessionId: id,
  session: z.string(),
  waId: z.string(),
  name: z.string().nullable(),
  isGroup: z.boolean(),
  phone: z.string().nullable(),
});

export const searchHit = z.object({
  id,
  chatId: id,
  fromMe: z.boolean(),
  senderWid: z.string().nullable(),
  senderName: z.string().nullable(),
  type: z.string(),
  timestamp: z.iso.datetime(),
  snippet: z
    .array(segment)
    .meta({ description: 'The text around the match; `match: true` parts are the hits.' }),
});

export const searchResults = z.object({
  groups: z.array(z.object({ chat: searchChat, hits: z.array(searchHit) })),
  chats: z.array(searchChat).meta({ description: 'First page only: chats whose name or number matches.' }),
  nextCursor: z.string().nullable(),
});
export type SearchResults = z.infer<typeof searchResults>;

export const historyQuery = pageQuery.extend({
  around: idParam.optional().meta({
    description: 'Open the history at this message id: older messages with it, newer ones before it.',
  }),
  newer: z
    .string()
    .min(1)
    .max(1400)
    .optional()
    .meta({ description: '`newerCursor` of a page opened with `around`: the next newer page.' }),
});

export const historyPage = z.object({
  items: z.array(messageItem),
  nextCursor: z.string().nullable(),
  newerCursor: z
    .string()
    .nullable()
    .optional()
    .meta({ description: 'Pages opened with around/newer: newer messages.' }),
});
export type HistoryPage = z.infer<typeof historyPage>;

export const chatExportQuery = z.object({
  format: z.enum(EXPORT_FORMATS).meta({ description: 'csv, json, or txt (WhatsApp’s own export format).' }),
  timeZone: z
    .string()
    .max(64)
    .optional()
    .meta({ description: 'Time zone of the txt export; default America/Santiago.' }),
});

export const requestsExportQuery = requestsQuery.omit({ limit: true, cursor: true }).extend({
  format: z.enum(['csv']).meta({ description: 'csv (the only format).' }),
});
