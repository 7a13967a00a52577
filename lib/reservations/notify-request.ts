import { and, eq, ne, sql } from 'drizzle-orm';
import { resolveExperienceGroup } from '../bindings/resolve-group';
import { enqueueCommand, type SendMessagePayload } from '../commands/enqueue';
import type { Tx } from '../db';
import { whatsappReservationRequests as requests, whatsappCommands } from '../db/schema';
import { phoneToChatId } from '../operators/operator-chat';
import { renderTemplate } from '../settings/render-template';
import type { Settings } from '../settings/schema';
import { loadRequestContext, templateValues } from './request-context';
import type { RequestStatus } from './request-status';
import { type RequestRow, traceEntry, transitionRequest } from './request-trace';

/**
 * Attempts are numbered per request and never reused (they are part of the outbox idempotency key). Each
 * notification round owns two numbers: an odd first attempt and its one retry. A replay starts the next
 * round at the next odd number, so "is this failure the retry?" is simply "is the attempt even?".
 */
export const isRetryAttempt = (attempt: number) => attempt % 2 === 0;
export const firstAttemptOfNextRound = (attempts: number) => attempts + 1 + (attempts % 2);

const deadline = (settings: Settings) =>
  sql`now() + make_interval(secs => ${settings.notifyAckTimeoutSeconds})`;

async function enqueueNotification(
  tx: Tx,
  sessionId: number,
  requestId: number,
  attempt: number,
  message: SendMessagePayload,
) {
  const { command } = await enqueueCommand(tx, {
    sessionId,
    kind: 'send_message',
    payload: { ...message, purpose: { type: 'reservation_request', requestId } },
    idempotencyKey: `request:${requestId}:notify:${attempt}`,
    createdBy: 'system',
  });
  return command;
}

/**
 * Matching and the first notification attempt of a round: reservation → experience → operator → group (by
 * THE resolution rule), then the notification is queued to the group, or to the operator's phone when the
 * experience has no group. Moves the request from one of `from` to `matched`, `unmatched` or — when the
 * resolved group is broken — straight to `notify_failed`: sending into a group we left cannot succeed, and
 * picking another group would notify someone the admin did not choose.
 */
export async function matchAndNotify(
  tx: Tx,
  requestId: number,
  settings: Settings,
  options: { from: readonly RequestStatus[]; attempt: number; reason?: string },
): Promise<RequestRow | null> {
  const ctx = await loadRequestContext(tx, requestId);
  const { request, reservation, experience, operator } = ctx;
  const prefix = options.reason ? `${options.reason}. ` : '';
  if (!reservation || !experience) {
    const error = `No existe una reserva con el código ${request.code}.`;
    return transitionRequest(tx, requestId, {
      from: options.from,
      to: 'unmatched',
      note: prefix + error,
      patch: { error },
    });
  }
  const resolution = await resolveExperienceGroup(tx, experience.id);
  const facts = {
    reservationId: reservation.id,
    experienceId: experience.id,
    operatorId: operator?.id ?? null,
    groupChatId: resolution.chat?.id ?? null,
    groupSource: resolution.source,
  };
  const groupLabel = resolution.chat
    ? `«${resolution.chat.name ?? resolution.chat.waId}» (${resolution.source})`
    : '';
  if (resolution.chat && resolution.warning) {
    return transitionRequest(tx, requestId, {
      from: options.from,
      to: 'notify_failed',
      before: [traceEntry('matched', `${prefix}Grupo ${groupLabel}.`)],
      note: resolution.warning.message,
      patch: { ...facts, error: resolution.warning.message, notifyDeadlineAt: null },
    });
  }
  const target = resolution.chat
    ? { sessionId: resolution.chat.sessionId, chatId: resolution.chat.waId, label: `el grupo ${groupLabel}` }
    : operator && phoneToChatId(operator.phone)
      ? {
          sessionId: request.sessionId,
          chatId: phoneToChatId(operator.phone)!,
          label: `el teléfono del operador ${operator.name}`,
        }
      : null;
  if (!target) {
    const error = operator
      ? `La experiencia «${experience.title}» no tiene grupo y el operador ${operator.name} no tiene un teléfono válido.`
      : `La experiencia «${experience.title}» no tiene grupo ni operador.`;
    return transitionRequest(tx, requestId, {
      from: options.from,
      to: 'unmatched',
      note: prefix + error,
      patch: { ...facts, error },
    });
  }
  const body = renderTemplate(settings.notificationTemplate, templateValues(ctx));
  const command = await enqueueNotification(tx, target.sessionId, requestId, options.attempt, {
    chatId: target.chatId,
    body,
  });
  return transitionRequest(tx, requestId, {
    from: options.from,
    to: 'matched',
    note: `${prefix}Aviso en cola para ${target.label} (intento ${options.attempt}).`,
    patch: {
      ...facts,
      error: null,
      notificationCommandId: command.id,
      notifyAttempts: options.attempt,
      notifyDeadlineAt: deadline(settings),
    },
  });
}

/** A queued send that never started is withdrawn, so a superseded notification is not delivered later. */
export async function cancelPendingNotifications(tx: Tx, requestId: number, exceptCommandId?: number) {
  await tx
    .update(whatsappCommands)
    .set({ status: 'cancelled', finishedAt: new Date(), error: 'reemplazado por otro intento de aviso' })
    .where(
      and(
        eq(whatsappCommands.status, 'pending'),
        eq(whatsappCommands.kind, 'send_message'),
        sql`${whatsappCommands.payload}->'purpose'->>'type' = 'reservation_request'`,
        sql`(${whatsappCommands.payload}->'purpose'->>'requestId')::bigint = ${requestId}`,
        exceptCommandId === undefined ? undefined : ne(whatsappCommands.id, exceptCommandId),
      ),
    );
}

/**
 * The current attempt failed (the send errored, or no server ack before the deadline). The first attempt of a
 * round is retried once with the same message to the same chat; a failed retry ends in `notify_failed`.
 * Acts only while the request is `matched` on that very command: a stale outcome of a superseded attempt
 * changes nothing. The caller holds the request row lock (see loadRequestContext / lockRequest).
 */
export async function failNotificationAttempt(
  tx: Tx,
  request: RequestRow,
  reason: string,
  settings: Settings,
) {
  const commandId = request.notificationCommandId;
  if (request.status !== 'matched' || commandId === null) return null;
  const onThisCommand = eq(requests.notificationCommandId, commandId);
  const attempt = request.notifyAttempts;
  if (isRetryAttempt(attempt)) {
    await cancelPendingNotifications(tx, request.id);
    const error = `${reason} (intento ${attempt})`;
    return transitionRequest(tx, request.id, {
      from: ['matched'],
      to: 'notify_failed',
      note: error,
      patch: { error, notifyDeadlineAt: null },
      extra: onThisCommand,
    });
  }
  const [previous] = await tx.select().from(whatsappCommands).where(eq(whatsappCommands.id, commandId));
  const payload = previous?.payload as SendMessagePayload | undefined;
  if (!previous || !payload) return null;
  await cancelPendingNotifications(tx, request.id);
  const retry = await enqueueNotification(tx, previous.sessionId, request.id, attempt + 1, {
    chatId: payload.chatId,
    body: payload.body,
  });
  return transitionRequest(tx, request.id, {
    from: ['matched'],
    to: 'matched',
    note: `Intento ${attempt} falló: ${reason}. Reintentando (intento ${attempt + 1}).`,
    patch: {
      notificationCommandId: retry.id,
      notifyAttempts: attempt + 1,
      notifyDeadlineAt: deadline(settings),
    },
    extra: onThisCommand,
  });
}
