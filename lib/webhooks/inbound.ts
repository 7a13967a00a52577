import { z } from 'zod';
import type { Db, Sql } from '../db';
import { Conflict } from '../errors';
import type { MessageDto } from '../whatsapp/dto';
import { ingestBatch } from '../whatsapp/ingest';
import { ensureSession } from '../whatsapp/sessions/lease';
import { updateSession } from '../whatsapp/sessions/state';
import { SESSION_STATUSES, type SessionStatus } from '../whatsapp/sessions/status';
import { sessionNameSchema } from '../whatsapp/sessions/view';
import { enqueueSessionStatusEvent } from './events';

/**
 * The original Node → Django webhooks, for an external WhatsApp gateway instead of (or beside) our worker.
 * Bodies are validated here; the signature is checked by the route before anything is parsed. Messages go
 * through the worker's own ingest (idempotent by WhatsApp message id) and are then processed by the worker's
 * message processors like any other stored message (reservation codes, `message.received` webhooks).
 */

// PostgreSQL text cannot hold NUL; a gateway forwarding one must not lose the whole batch over it.
const text = (max: number) =>
  z
    .string()
    .max(max)
    .transform((v) => v.replaceAll('\u0000', ''));
const waId = z
  .string()
  .max(128)
  .regex(/^[\w.:-]+@(c\.us|g\.us|lid|s\.whatsapp\.net)$/, 'a WhatsApp id like 569…@c.us or …@g.us');

const inboundMessage = z.object({
  /** WhatsApp's message id: `id.id` (3EB0…) or `id._serialized` (false_569…@c.us_3EB0…). */
  id: z.string().min(1).max(256),
  chatId: waId,
  fromMe: z.boolean().optional(),
  /** Who wrote it (the author in a group); defaults to the chat for individual chats. */
  author: waId.nullish(),
  body: text(65_536).default(''),
  type: z
    .string()
    .regex(/^[a-z_]{1,40}$/)
    .default('chat'),
  /** Unix time in seconds (milliseconds are recognised and converted). */
  timestamp: z.number().int().positive().max(99_999_999_999_999),
  ack: z.number().int().min(-1).max(4).default(0),
  hasMedia: z.boolean().default(false),
  isForwarded: z.boolean().default(false),
  isStatus: z.boolean().default(false),
  quotedId: z.string().max(256).nullish(),
});
export type InboundMessage = z.output<typeof inboundMessage>;

const session = sessionNameSchema.optional();

export const processMessageBody = z.union([
  z.object({ session, messages: z.array(inboundMessage).min(1).max(500) }),
  z.object({ session, message: inboundMessage }),
]);

/** `false_569…@c.us_3EB0…[_participant]` → its parts; a bare `3EB0…` is the protocol id itself. */
function splitMessageId(id: string): { protocolId: string; fromMe?: boolean } {
  const match = /^(true|false)_[^_]+_([^_]+)(_.+)?$/.exec(id);
  return match ? { protocolId: match[2]!, fromMe: match[1] === 'true' } : { protocolId: id };
}

export function toMessageDto(m: InboundMessage): MessageDto {
  const { protocolId, fromMe: fromId } = splitMessageId(m.id);
  const fromMe = m.fromMe ?? fromId ?? false;
  return {
    protocolId,
    fromMe,
    serializedId: m.id.includes('_') ? m.id : `${fromMe}_${m.chatId}_${protocolId}`,
    chatId: m.chatId,
    senderWid: m.author ?? (fromMe || m.chatId.endsWith('@g.us') ? null : m.chatId),
    body: m.body,
    type: m.type,
    timestamp: m.timestamp > 10_000_000_000 ? Math.floor(m.timestamp / 1000) : m.timestamp,
    ack: m.ack,
    hasMedia: m.hasMedia,
    isForwarded: m.isForwarded,
    isStatus: m.isStatus,
    quotedProtocolId: m.quotedId ? splitMessageId(m.quotedId).protocolId : null,
  };
}

/** Takes both handles: the ingest path is written against postgres.js directly (see lib/whatsapp/ingest.ts). */
export async function ingestGatewayMessages(
  handle: { db: Db; sql: Sql },
  input: { session: string; messages: InboundMessage[] },
) {
  const row = await ensureSession(handle.db, input.session, { runByPool: false });
  const result = await ingestBatch(handle.sql, row.id, {
    messages: input.messages.map((m) => ({ message: toMessageDto(m), source: 'live' as const })),
    acks: [],
    edits: [],
    revokes: [],
  });
  return { session: row.name, received: input.messages.length, stored: result.inserted };
}

/** The gateway's words for its state, mapped to ours (the Node service said `connected`). */
const STATUS_ALIASES: Record<string, SessionStatus> = {
  ...Object.fromEntries(SESSION_STATUSES.map((s) => [s, s])),
  connected: 'ready',
  initializing: 'starting',
  auth_failure: 'failed',
  loggedout: 'logged_out',
};

export const statusBody = z.object({
  session,
  status: z
    .string()
    .max(40)
    .transform((s) => s.toLowerCase())
    .refine((s) => s in STATUS_ALIASES, `one of ${Object.keys(STATUS_ALIASES).join(', ')}`)
    .transform((s) => STATUS_ALIASES[s]!),
  phone: z
    .string()
    .regex(/^\+?\d{8,15}$/)
    .nullish(),
  pushName: text(200).nullish(),
  wid: waId.nullish(),
  error: text(500).nullish(),
});

export async function applyGatewayStatus(db: Db, input: z.output<typeof statusBody> & { session: string }) {
  const row = await ensureSession(db, input.session, { runByPool: false });
  return db.transaction(async (tx) => {
    await updateSession(tx, row.id, {
      status: input.status,
      ...(input.phone !== undefined ? { mePhone: input.phone?.replace(/^\+/, '') ?? null } : {}),
      ...(input.pushName !== undefined ? { pushName: input.pushName } : {}),
      ...(input.wid !== undefined ? { meWid: input.wid } : {}),
      lastError: input.error ?? null,
      // A QR belongs to the `qr` state only; once connected (or gone) it must not be shown again.
      ...(input.status !== 'qr' ? { qr: null, qrExpiresAt: null } : {}),
    });
    await enqueueSessionStatusEvent(tx, { sessionId: row.id });
    return { session: row.name, status: input.status };
  });
}

export const qrBody = z.object({
  session,
  qr: z.string().min(1).max(4096).nullable(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  ttlSeconds: z.number().int().min(1).max(600).optional(),
});

/** WhatsApp rotates the QR about every 20 s; without an expiry from the gateway we assume 60 s. */
export async function applyGatewayQr(db: Db, input: z.output<typeof qrBody> & { session: string }) {
  const row = await ensureSession(db, input.session, { runByPool: false });
  // A local worker shows WhatsApp's own QR for this number: a gateway QR would link a phone to something else.
  if (row.leaseOwner && row.leaseExpiresAt && row.leaseExpiresAt > row.readAt)
    throw new Conflict('A local worker runs this session; its QR cannot come from a gateway.', {
      session: row.name,
    });
  // A TTL counts from the database's clock, which the QR's readers judge it by (sessions/view.ts).
  const expiresAt = input.expiresAt
    ? new Date(input.expiresAt)
    : new Date(row.readAt.getTime() + (input.ttlSeconds ?? 60) * 1000);
  return db.transaction(async (tx) => {
    await updateSession(tx, row.id, {
      ...(input.qr ? { status: 'qr' as const } : {}),
      qr: input.qr,
      qrExpiresAt: input.qr ? expiresAt : null,
    });
    if (input.qr && row.status !== 'qr') await enqueueSessionStatusEvent(tx, { sessionId: row.id });
    return { session: row.name, qrAvailable: input.qr !== null, expiresAt: input.qr ? expiresAt : null };
  });
}
