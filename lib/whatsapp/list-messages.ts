import { and, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db';
import { whatsappMessages as messages, whatsappChats } from '../db/schema';
import { NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import { decodeCursor, microsText, pageInput, toPage } from '../pagination/cursor';
import type { MediaMetaDto } from './dto';

export const listMessagesInput = z.object({
  chatId: z.number().int().positive(),
  ...pageInput,
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
  media: sql<MediaMetaDto | null>`case when ${messages.mediaMimetype} is null and ${messages.mediaSize} is null
    then null else json_build_object('mimetype', ${messages.mediaMimetype}, 'size', ${messages.mediaSize},
      'filehash', ${messages.mediaFilehash}, 'filename', ${messages.mediaFilename},
      'duration', ${messages.mediaDuration}, 'width', ${messages.mediaWidth}, 'height', ${messages.mediaHeight}) end`,
  location: messages.location,
  vcards: messages.vcards,
};

/**
 * One chat's messages, newest first, a page at a time (scrolling up asks for `nextCursor`). Ordered by
 * WhatsApp's timestamp then id, the chat_time index's order, so a page is one index range scan.
 */
export async function listMessages(db: Tx, input: ListMessagesInput) {
  const { chatId, cursor, limit } = parseInput(listMessagesInput, input);
  const [chat] = await db
    .select({ id: whatsappChats.id })
    .from(whatsappChats)
    .where(eq(whatsappChats.id, chatId));
  if (!chat) throw new NotFound(`No chat ${chatId}.`, { chatId });
  const filters: (SQL | undefined)[] = [eq(messages.chatId, chatId)];
  if (cursor) {
    const { k, id } = decodeCursor(cursor);
    filters.push(sql`(${messages.timestamp}, ${messages.id}) < (${k ?? ''}::timestamptz, ${id})`);
  }
  const rows = await db
    .select({ ...messageColumns, sortKey: microsText(messages.timestamp) })
    .from(messages)
    .where(and(...filters))
    // Spelled exactly as whatsapp_messages_chat_time_idx is declared (DESC NULLS LAST; the columns are never
    // null): plain `desc` means NULLS FIRST, which the index cannot serve, and every page sorted the whole chat.
    .orderBy(sql`${messages.timestamp} desc nulls last`, sql`${messages.id} desc nulls last`)
    .limit(limit + 1);
  return toPage(
    rows,
    limit,
    (row) => row.sortKey,
    ({ sortKey: _, ...row }) => row,
  );
}
