import { and, eq, inArray } from 'drizzle-orm';
import { getConfig } from '../config';
import type { Tx } from '../db';
import {
  whatsappChats,
  whatsappMessages,
  type whatsappReservationRequests,
  whatsappSessions,
} from '../db/schema';
import { mediaUrlOf } from '../whatsapp/list-messages';
import { presentSessionStatus, sessionColumnsWithClock } from '../whatsapp/sessions/view';
import { enqueueWebhookEvent } from './enqueue';

/**
 * The payloads of our outbound events, built in one place so the worker, the API and the reservation pipeline
 * send the same shapes (documented in the README). Each verb runs in the caller's transaction.
 */

/**
 * A file's link as receivers get it: they are not on our site, so with PUBLIC_URL set it is absolute; without
 * it, the path (relative to wherever the receiver reaches the web app).
 */
export function webhookMediaUrl(messageId: number, publicUrl = getConfig().PUBLIC_URL): string {
  return `${publicUrl ?? ''}${mediaUrlOf(messageId)}`;
}

/** `message.received` for each of these stored inbound messages (our own messages are not "received"). */
export async function enqueueMessageReceivedEvents(
  db: Tx,
  input: { sessionId: number; messageIds: readonly number[] },
): Promise<number> {
  if (input.messageIds.length === 0) return 0;
  const rows = await db
    .select({
      session: whatsappSessions.name,
      message: {
        id: whatsappMessages.id,
        protocolId: whatsappMessages.protocolId,
        serializedId: whatsappMessages.serializedId,
        senderWid: whatsappMessages.senderWid,
        body: whatsappMessages.body,
        type: whatsappMessages.type,
        timestamp: whatsappMessages.timestamp,
        hasMedia: whatsappMessages.hasMedia,
        isForwarded: whatsappMessages.isForwarded,
        quotedProtocolId: whatsappMessages.quotedProtocolId,
        source: whatsappMessages.source,
        location: whatsappMessages.location,
        vcards: whatsappMessages.vcards,
      },
      media: {
        mimetype: whatsappMessages.mediaMimetype,
        size: whatsappMessages.mediaSize,
        filename: whatsappMessages.mediaFilename,
        filehash: whatsappMessages.mediaFilehash,
        duration: whatsappMessages.mediaDuration,
        width: whatsappMessages.mediaWidth,
        height: whatsappMessages.mediaHeight,
      },
      chat: {
        id: whatsappChats.id,
        waId: whatsappChats.waId,
        name: whatsappChats.name,
        isGroup: whatsappChats.isGroup,
      },
    })
    .from(whatsappMessages)
    .innerJoin(whatsappChats, eq(whatsappChats.id, whatsappMessages.chatId))
    .innerJoin(whatsappSessions, eq(whatsappSessions.id, whatsappMessages.sessionId))
    .where(
      and(
        eq(whatsappMessages.sessionId, input.sessionId),
        inArray(whatsappMessages.id, [...input.messageIds]),
        eq(whatsappMessages.fromMe, false),
      ),
    )
    .orderBy(whatsappMessages.id);
  let queued = 0;
  for (const { media, ...row } of rows) {
    // The file itself comes later (message.media_stored); its URL answers 404 until then.
    const hasMedia = media.mimetype !== null || media.size !== null;
    const message = {
      ...row.message,
      media: hasMedia ? { ...media, url: webhookMediaUrl(row.message.id) } : null,
    };
    queued += await enqueueWebhookEvent(db, 'message.received', { ...row, message });
  }
  return queued;
}

/** `message.media_stored`: a received file is downloaded and can be fetched with an API key at `url`. */
export async function enqueueMediaStoredEvent(db: Tx, input: { messageId: number }): Promise<number> {
  const [row] = await db
    .select({
      session: whatsappSessions.name,
      message: {
        id: whatsappMessages.id,
        protocolId: whatsappMessages.protocolId,
        fromMe: whatsappMessages.fromMe,
        type: whatsappMessages.type,
        mimetype: whatsappMessages.mediaMimetype,
        size: whatsappMessages.mediaSize,
        filename: whatsappMessages.mediaFilename,
      },
      chat: { id: whatsappChats.id, waId: whatsappChats.waId },
    })
    .from(whatsappMessages)
    .innerJoin(whatsappChats, eq(whatsappChats.id, whatsappMessages.chatId))
    .innerJoin(whatsappSessions, eq(whatsappSessions.id, whatsappMessages.sessionId))
    .where(eq(whatsappMessages.id, input.messageId));
  if (!row) return 0;
  return enqueueWebhookEvent(db, 'message.media_stored', {
    ...row,
    message: { ...row.message, url: webhookMediaUrl(row.message.id) },
  });
}

/** `session.status` with the session as GET …/whatsapp/status/ shows it (no QR: that is a credential). */
export async function enqueueSessionStatusEvent(
  db: Tx,
  input: { sessionId: number; staleSeconds?: number },
): Promise<number> {
  const [row] = await db
    .select(sessionColumnsWithClock)
    .from(whatsappSessions)
    .where(eq(whatsappSessions.id, input.sessionId));
  if (!row) return 0;
  return enqueueWebhookEvent(
    db,
    'session.status',
    presentSessionStatus(row, { staleSeconds: input.staleSeconds ?? 30 }),
  );
}

type RequestRow = typeof whatsappReservationRequests.$inferSelect;

export function requestEventPayload(row: RequestRow) {
  return {
    request: {
      id: row.id,
      code: row.code,
      status: row.status,
      sessionId: row.sessionId,
      messageId: row.messageId,
      reservationId: row.reservationId,
      experienceId: row.experienceId,
      operatorId: row.operatorId,
      groupChatId: row.groupChatId,
      groupSource: row.groupSource,
      notifyAttempts: row.notifyAttempts,
      error: row.error,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    },
  };
}

export function enqueueRequestEvent(
  db: Tx,
  event: 'reservation_request.created' | 'reservation_request.updated',
  row: RequestRow,
) {
  return enqueueWebhookEvent(db, event, requestEventPayload(row));
}
