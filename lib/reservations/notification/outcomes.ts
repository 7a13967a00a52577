import { and, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db';
import { whatsappReservationRequests as requests, whatsappCommands, whatsappMessages } from '../../db/schema';
import { parseInput } from '../../errors/parse';
import { isoText } from '../../pagination/cursor';
import { getSettings } from '../../settings/settings';
import { noteRequest } from '../request-trace';
import { cancelPendingNotifications } from './commands';
import { failNotificationAttempt } from './notify';
import { moveRequest } from './transitions';

/**
 * How the outbox tells the pipeline what became of its sends. The worker calls these; each is idempotent
 * and ignores outcomes of attempts that were superseded.
 */

async function lockRequest(tx: Tx, requestId: number) {
  const [row] = await tx.select().from(requests).where(eq(requests.id, requestId)).for('update');
  return row ?? null;
}

/** Server ack (1) or better: WhatsApp's servers accepted the message — what "notified" means. */
const SERVER_ACK = 1;

async function markNotified(tx: Tx, requestId: number, attempt: number | null) {
  // A late ack also rescues a request already given up on: the operator did receive the notification.
  const notified = await moveRequest(tx, requestId, 'acked', {
    to: 'notified',
    note: `El servidor de WhatsApp recibió el aviso${attempt ? ` (intento ${attempt})` : ''}.`,
    patch: { error: null, notifyDeadlineAt: null },
  });
  if (notified) await cancelPendingNotifications(tx, requestId);
  return notified;
}

export const sendResultInput = z.object({
  commandId: z.number().int().positive(),
  ok: z.boolean(),
  protocolId: z.string().min(1).optional(),
  error: z.string().optional(),
});

/** After the worker finished a `send_message` command (succeeded, or failed for good). */
export async function handleSendResult(db: Tx, input: z.input<typeof sendResultInput>) {
  const { commandId, ok, protocolId, error } = parseInput(sendResultInput, input);
  return db.transaction(async (tx) => {
    const [command] = await tx.select().from(whatsappCommands).where(eq(whatsappCommands.id, commandId));
    if (command?.kind !== 'send_message' || !command.purpose || command.requestId === null) return null;
    const reason = error ?? command.error ?? 'error desconocido';
    if (command.purpose === 'request_reply') {
      return noteRequest(
        tx,
        command.requestId,
        ok ? 'Respuesta enviada al cliente.' : `No se pudo enviar la respuesta al cliente: ${reason}.`,
      );
    }
    const request = await lockRequest(tx, command.requestId);
    if (!request || request.notificationCommandId !== commandId || request.status !== 'matched') return null;
    if (!ok) return failNotificationAttempt(tx, request, reason, await getSettings(tx));
    // The ack can arrive before the worker reports the send: look for it now instead of waiting forever.
    const sentId = protocolId ?? (command.result?.protocolId as string | undefined);
    if (sentId) {
      const [acked] = await tx
        .select({ id: whatsappMessages.id })
        .from(whatsappMessages)
        .where(
          and(
            eq(whatsappMessages.sessionId, command.sessionId),
            eq(whatsappMessages.protocolId, sentId),
            eq(whatsappMessages.fromMe, true),
            sql`${whatsappMessages.ack} >= ${SERVER_ACK}`,
          ),
        );
      if (acked) return markNotified(tx, request.id, request.notifyAttempts);
    }
    return noteRequest(
      tx,
      request.id,
      `Aviso entregado a WhatsApp (intento ${request.notifyAttempts}); esperando confirmación del servidor.`,
    );
  });
}

/**
 * The sends of a number deleted before they ran, or while one was going out (lib/whatsapp/sessions/
 * leftover-commands.ts settles them: no worker runs that number again). A request waiting on one of its
 * notifications fails, so that it shows among the failed ones, where an admin can route it again, instead of
 * waiting for ever; a queued reply to a customer is noted on its request. `maybeSent`: caught mid-send, it
 * may have gone out, and the note says so (an admin checks the group before routing it again).
 */
export async function handleWithdrawnSends(
  tx: Tx,
  commands: readonly { id: number; requestId: number | null; purpose: string | null; maybeSent?: boolean }[],
) {
  for (const command of commands) {
    if (command.requestId === null) continue;
    if (command.purpose === 'request_reply') {
      await noteRequest(
        tx,
        command.requestId,
        command.maybeSent
          ? 'Se eliminó el número de WhatsApp mientras se enviaba la respuesta al cliente: no se sabe si salió.'
          : 'No se pudo enviar la respuesta al cliente: se eliminó el número de WhatsApp antes de enviarla.',
      );
      continue;
    }
    const request = await lockRequest(tx, command.requestId);
    if (request?.status !== 'matched' || request.notificationCommandId !== command.id) continue;
    const error = command.maybeSent
      ? `se eliminó el número de WhatsApp mientras se enviaba el aviso (intento ${request.notifyAttempts}); no se sabe si salió: revisa el grupo antes de reintentar`
      : `se eliminó el número de WhatsApp antes de enviar el aviso (intento ${request.notifyAttempts})`;
    await moveRequest(tx, request.id, 'numberDeleted', {
      to: 'notify_failed',
      note: error,
      patch: { error, notifyDeadlineAt: null },
      extra: eq(requests.notificationCommandId, command.id),
    });
  }
}

export const outgoingAcksInput = z.object({
  sessionId: z.number().int().positive(),
  protocolIds: z.array(z.string().min(1)).max(5000),
});

/**
 * After the worker stored ack changes of our own messages. A notification whose sent message reached
 * ack ≥ 1 marks its request `notified`. The link is the command's result (`protocolId`), written by the
 * worker when the send succeeded.
 */
export async function handleOutgoingAcks(db: Tx, input: z.input<typeof outgoingAcksInput>) {
  const { sessionId, protocolIds } = parseInput(outgoingAcksInput, input);
  if (protocolIds.length === 0) return [];
  const rows = await db
    .selectDistinct({
      requestId: whatsappCommands.requestId,
      attempt: whatsappCommands.attempt,
    })
    .from(whatsappMessages)
    .innerJoin(
      whatsappCommands,
      and(
        eq(whatsappCommands.sessionId, whatsappMessages.sessionId),
        sql`${whatsappCommands.result}->>'protocolId' = ${whatsappMessages.protocolId}`,
      ),
    )
    .where(
      and(
        eq(whatsappMessages.sessionId, sessionId),
        inArray(whatsappMessages.protocolId, protocolIds),
        eq(whatsappMessages.fromMe, true),
        sql`${whatsappMessages.ack} >= ${SERVER_ACK}`,
        eq(whatsappCommands.purpose, 'reservation_request'),
        isNotNull(whatsappCommands.requestId),
      ),
    );
  const notified: number[] = [];
  for (const { requestId, attempt } of rows) {
    if (requestId === null) continue;
    const done = await db.transaction(async (tx) => {
      if (!(await lockRequest(tx, requestId))) return null;
      return markNotified(tx, requestId, attempt);
    });
    if (done) notified.push(done.id);
  }
  return notified;
}

export const deadlinesInput = z.object({
  sessionId: z.number().int().positive(),
  now: z.date().optional(),
});

/**
 * Periodic: notifications still without a server ack at their deadline are retried once, then the request
 * becomes `notify_failed`. Returns the ids it acted on.
 */
export async function checkNotificationDeadlines(db: Tx, input: z.input<typeof deadlinesInput>) {
  const parsed = parseInput(deadlinesInput, input);
  const { sessionId } = parsed;
  // The deadline was stamped by the database's clock (now() + the timeout): judge it by the same clock, not by
  // this host's, which may run behind or ahead of it.
  const now = parsed.now ?? (await databaseNow(db));
  const due = await db
    .select({ id: requests.id })
    .from(requests)
    .where(
      and(
        eq(requests.sessionId, sessionId),
        eq(requests.status, 'matched'),
        lt(requests.notifyDeadlineAt, now),
      ),
    )
    .orderBy(requests.notifyDeadlineAt)
    .limit(200);
  if (due.length === 0) return { retried: [], failed: [] };
  const settings = await getSettings(db);
  const reason = `sin confirmación del servidor de WhatsApp tras ${settings.notifyAckTimeoutSeconds} s`;
  const result = { retried: [] as number[], failed: [] as number[] };
  for (const { id } of due) {
    await db.transaction(async (tx) => {
      const request = await lockRequest(tx, id);
      // Re-check under the lock: an ack or a send result may have landed since the scan.
      if (request?.status !== 'matched' || !request.notifyDeadlineAt) return;
      if (request.notifyDeadlineAt >= now) return;
      const inFlight = await inFlightOutcome(tx, request.notificationCommandId);
      if (inFlight === 'sending') {
        // WhatsApp may be taking the message right now: a retry could send it twice. Wait one more period.
        await noteRequest(tx, id, 'El aviso aún se está enviando; se espera un poco más.', {
          notifyDeadlineAt: new Date(now.getTime() + settings.notifyAckTimeoutSeconds * 1000),
        });
        return;
      }
      if (inFlight === 'unknown') {
        // A crash left it unknown whether the notification went out: a person decides (replay), never a blind re-send.
        await cancelPendingNotifications(tx, id);
        const error =
          'no se sabe si el aviso salió (el servicio se detuvo mientras enviaba); revisa el grupo y reintenta';
        await moveRequest(tx, id, 'sendUnknown', {
          to: 'notify_failed',
          note: error,
          patch: { error, notifyDeadlineAt: null },
        });
        result.failed.push(id);
        return;
      }
      const after = await failNotificationAttempt(tx, request, reason, settings);
      if (after?.status === 'notify_failed') result.failed.push(id);
      else if (after) result.retried.push(id);
    });
  }
  return result;
}

async function databaseNow(db: Tx): Promise<Date> {
  const [row] = await db.execute<{ now: string }>(sql`select ${isoText(sql`now()`)} as now`);
  return new Date(row!.now);
}

/** Whether the request's current notification command is mid-send or ended in an unknown state. */
async function inFlightOutcome(tx: Tx, commandId: number | null): Promise<'sending' | 'unknown' | null> {
  if (commandId === null) return null;
  const [command] = await tx
    .select({ status: whatsappCommands.status })
    .from(whatsappCommands)
    .where(eq(whatsappCommands.id, commandId));
  if (command?.status === 'running' || command?.status === 'sending') return 'sending';
  if (command?.status === 'unknown') return 'unknown';
  return null;
}
