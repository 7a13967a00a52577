import { z } from 'zod';
import { experienceStatus } from '../../db/schema';
import { REQUEST_STATUSES } from '../../reservations/request-status';
import { CHAT_KINDS } from '../../whatsapp/chat-kinds';
import { CHAT_ORDERS } from '../../whatsapp/list-chats';
import { booleanParam, idParam, pageQuery, searchQuery, sessionQuery } from './common';

export const chatsQuery = sessionQuery.extend({
  ...searchQuery.shape,
  ...pageQuery.shape,
  kind: z.enum(CHAT_KINDS).default('all'),
  unread: booleanParam.optional().meta({ description: 'true: only chats with unread messages.' }),
  order: z.enum(CHAT_ORDERS).optional().meta({ description: 'recent (default for chats) or name (groups).' }),
});

export const groupsQuery = chatsQuery.omit({ kind: true });

const idempotencyKey = z.string().min(1).max(150).optional().meta({
  description: 'Repeat a request with the same key and get the first command back; never sent twice.',
});
const quotedMessageId = z.coerce
  .number()
  .int()
  .positive()
  .max(Number.MAX_SAFE_INTEGER)
  .optional()
  .meta({ description: 'Our id of a message of this chat to reply to (it is shown quoted).' });

export const sendMessageBody = z.object({
  body: z.string().trim().min(1).max(4096),
  quotedMessageId,
  idempotencyKey,
});

/**
 * The multipart/form-data variant of a send: a file with an optional caption. The file's type is sniffed from
 * its bytes (413 over MEDIA_MAX_MB, 415 for a type that cannot be sent, 422 for an empty file).
 */
export const sendMediaForm = z.object({
  file: z.file().meta({ description: 'The photo, video, audio or document (at most MEDIA_MAX_MB).' }),
  caption: z.string().trim().max(4096).default(''),
  quotedMessageId,
  asDocument: z
    .enum(['true', 'false'])
    .default('false')
    .meta({ description: "'true': send as a document (the file as is, with its name), not inline." }),
  idempotencyKey,
});

export const reactionBody = z.object({
  emoji: z.string().max(32).meta({ description: 'One emoji; "" takes our reaction back.' }),
  idempotencyKey,
});

export const syncBody = z.object({
  chatId: z
    .union([
      z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
      z.string().regex(/^(\d{1,15}|[\w.-]+@(c\.us|g\.us|lid))$/, 'a chat id or a WhatsApp id'),
    ])
    .optional()
    .meta({
      description: 'Omitted: sync the chat list. A chat id or WhatsApp id: sync that chat’s history.',
    }),
  limit: z.number().int().min(1).max(50_000).optional(),
});

export const experiencesQuery = z.object({
  ...searchQuery.shape,
  ...pageQuery.shape,
  organizerId: idParam.optional(),
  operatorId: idParam.optional(),
  status: z.enum(experienceStatus.enumValues).optional(),
});

export const operatorsQuery = z.object({
  ...searchQuery.shape,
  ...pageQuery.shape,
  organizerId: idParam.optional(),
  active: booleanParam.optional(),
});

export const requestsQuery = z.object({
  ...pageQuery.shape,
  status: z
    .string()
    .max(200)
    .transform((v) => v.split(',').map((s) => s.trim()))
    .pipe(z.array(z.enum(REQUEST_STATUSES)).min(1))
    .optional()
    .meta({ description: `Comma-separated: ${REQUEST_STATUSES.join(', ')}.` }),
  code: z.string().trim().min(1).max(40).optional(),
});

export const parkedMessagesQuery = sessionQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ description: 'At most 200.' }),
});
