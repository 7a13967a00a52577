import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import type { Tx } from '../db';
import { whatsappSessions } from '../db/schema';
import { parseInput } from '../errors/parse';
import { DEFAULT_TIME_ZONE, timeZoneSchema } from '../overview/get-overview';
import { microsText } from '../pagination/cursor';
import { getChat } from '../whatsapp/list-chats';
import { mediaUrlOf } from '../whatsapp/list-messages';
import { CSV_BOM, csvRow } from './csv';

export const EXPORT_FORMATS = ['csv', 'json', 'txt'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const exportChatInput = z.object({
  chatId: z.number().int().positive(),
  format: z.enum(EXPORT_FORMATS),
  /** Times in the txt export (WhatsApp's own format has local times, no zone). */
  timeZone: timeZoneSchema.default(DEFAULT_TIME_ZONE),
  /** Origin of absolute media links (`https://console.example.com`). */
  origin: z.string().url(),
  /** Rows read per query; the export never holds more than one batch. */
  batchSize: z.number().int().min(1).max(5000).default(1000),
});
export type ExportChatInput = z.input<typeof exportChatInput>;

interface RawRow extends Record<string, unknown> {
  id: string;
  sort_key: string;
  edited: string | null;
  revoked: string | null;
  from_me: boolean;
  sender_wid: string | null;
  sender_name: string | null;
  type: string;
  body: string;
  system: boolean;
  has_media: boolean;
  media_mimetype: string | null;
  media_filename: string | null;
}
/** Timestamps come back as ISO text from the query and become Dates here (raw queries do not parse them). */
interface ExportRow extends RawRow {
  timestamp: Date;
  edited_at: Date | null;
  revoked_at: Date | null;
}

export const CHAT_CSV_COLUMNS = [
  'id',
  'timestamp',
  'direction',
  'sender',
  'sender_wid',
  'type',
  'text',
  'media_filename',
  'media_mimetype',
  'media_link',
  'edited',
  'deleted',
] as const;

/** The chat's messages oldest first, `batchSize` rows per keyset query. */
async function* batches(db: Tx, chatId: number, batchSize: number): AsyncGenerator<ExportRow[]> {
  let after: { k: string; id: string } | null = null;
  for (;;) {
    const cursor: ReturnType<typeof sql> = after
      ? sql`and (m.timestamp, m.id) > (${after.k}::timestamptz, ${after.id}::bigint)`
      : sql``;
    const raw = await db.execute<RawRow>(sql`
      select m.id, m.from_me, m.sender_wid, m.type, m.body, m.system, m.has_media,
        m.media_mimetype, m.media_filename,
        ${microsText(sql`m.timestamp`)} as sort_key,
        ${microsText(sql`m.edited_at`)} as edited,
        ${microsText(sql`m.revoked_at`)} as revoked,
        (select coalesce(ct.name, ct.push_name) from whatsapp_contacts ct
          where ct.session_id = m.session_id and ct.wid = m.sender_wid limit 1) as sender_name
      from whatsapp_messages m
      where m.chat_id = ${chatId} ${cursor}
      order by m.timestamp asc nulls first, m.id asc nulls first
      limit ${batchSize}`);
    const rows: ExportRow[] = [...raw].map((r) => ({
      ...r,
      timestamp: new Date(r.sort_key),
      edited_at: r.edited ? new Date(r.edited) : null,
      revoked_at: r.revoked ? new Date(r.revoked) : null,
    }));
    if (rows.length === 0) return;
    yield rows;
    const last = rows.at(-1)!;
    after = { k: last.sort_key, id: String(last.id) };
    if (rows.length < batchSize) return;
  }
}

const mediaLink = (origin: string, row: ExportRow) =>
  row.has_media ? `${origin}${mediaUrlOf(Number(row.id))}` : '';

/** WhatsApp's export: `dd/mm/yy, HH:MM - Name: text`, lines of a message after the first as they are. */
function txtLine(
  row: ExportRow,
  { chatName, isGroup, weLabel }: { chatName: string; isGroup: boolean; weLabel: string },
  origin: string,
  fmt: Intl.DateTimeFormat,
) {
  const parts = Object.fromEntries(fmt.formatToParts(row.timestamp).map((p) => [p.type, p.value]));
  const when = `${parts.day}/${parts.month}/${parts.year}, ${parts.hour}:${parts.minute}`;
  if (row.system) return `${when} - ${row.body || row.type}\n`;
  // In a person's chat WhatsApp names them as the chat does; in a group each sender by name or number.
  const who = row.from_me
    ? weLabel
    : (row.sender_name ?? (isGroup ? (phoneOf(row.sender_wid) ?? row.sender_wid ?? '?') : chatName));
  const link = mediaLink(origin, row);
  let text = row.revoked_at ? 'This message was deleted' : row.body;
  if (link)
    text = [`${row.media_filename ?? row.type} (file attached) ${link}`, text].filter(Boolean).join('\n');
  if (row.edited_at && !row.revoked_at) text += ' <This message was edited>';
  return `${when} - ${who}: ${text}\n`;
}

const phoneOf = (wid: string | null) => {
  const match = wid ? /^(\d{8,15})@c\.us$/.exec(wid) : null;
  return match ? `+${match[1]}` : null;
};

/**
 * One chat's whole history as CSV, JSON or WhatsApp's `.txt` export format, produced a batch at a time for a
 * streamed answer (a 100,000-message chat never sits in memory). The export is audited before the first
 * byte: who took which chat's history, in which format.
 */
export async function exportChat(db: Tx, input: ExportChatInput, actor: Actor) {
  const { chatId, format, timeZone, origin, batchSize } = parseInput(exportChatInput, input);
  const chat = await getChat(db, chatId);
  await recordAudit(db, {
    actor,
    action: 'chat.export',
    targetType: 'chat',
    targetId: chatId,
    details: { format },
  });
  const chatName = chat.name ?? chat.phone ?? chat.waId;
  const [session] = await db
    .select({ pushName: whatsappSessions.pushName, name: whatsappSessions.name })
    .from(whatsappSessions)
    .where(eq(whatsappSessions.id, chat.sessionId));
  const weLabel = session?.pushName ?? session?.name ?? 'Tuki';
  const date = new Date().toISOString().slice(0, 10);
  const filename = `chat-${chatName}-${date}.${format}`;

  async function* chunks(): AsyncGenerator<string> {
    if (format === 'csv') {
      yield CSV_BOM + csvRow([...CHAT_CSV_COLUMNS]);
      for await (const rows of batches(db, chatId, batchSize))
        yield rows
          .map((r) =>
            csvRow([
              r.id,
              r.timestamp,
              r.system ? 'system' : r.from_me ? 'us' : 'customer',
              r.from_me ? '' : (r.sender_name ?? ''),
              r.sender_wid ?? '',
              r.type,
              r.revoked_at ? '' : r.body,
              r.media_filename ?? '',
              r.media_mimetype ?? '',
              mediaLink(origin, r),
              r.edited_at ? 'yes' : '',
              r.revoked_at ? 'yes' : '',
            ]),
          )
          .join('');
    } else if (format === 'json') {
      const head = {
        id: chat.id,
        waId: chat.waId,
        name: chat.name,
        isGroup: chat.isGroup,
        phone: chat.phone,
      };
      yield `{"chat":${JSON.stringify(head)},"messages":[`;
      let first = true;
      for await (const rows of batches(db, chatId, batchSize)) {
        const items = rows.map((r) =>
          JSON.stringify({
            id: Number(r.id),
            timestamp: r.timestamp.toISOString(),
            fromMe: r.from_me,
            senderWid: r.sender_wid,
            senderName: r.sender_name,
            type: r.type,
            system: r.system,
            body: r.revoked_at ? '' : r.body,
            media: r.has_media
              ? { mimetype: r.media_mimetype, filename: r.media_filename, url: mediaLink(origin, r) }
              : null,
            editedAt: r.edited_at?.toISOString() ?? null,
            revokedAt: r.revoked_at?.toISOString() ?? null,
          }),
        );
        yield (first ? '' : ',') + items.join(',');
        first = false;
      }
      yield ']}\n';
    } else {
      const fmt = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        day: '2-digit',
        month: '2-digit',
        year: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
      for await (const rows of batches(db, chatId, batchSize))
        yield rows.map((r) => txtLine(r, { chatName, isGroup: chat.isGroup, weLabel }, origin, fmt)).join('');
    }
  }

  const contentType =
    format === 'csv'
      ? 'text/csv; charset=utf-8'
      : format === 'json'
        ? 'application/json; charset=utf-8'
        : 'text/plain; charset=utf-8';
  return { chunks: chunks(), filename, contentType };
}
