import { eq, sql } from 'drizzle-orm';
import { resolveExperienceGroup } from '../../bindings/resolve-group';
import { sendMessagePayload } from '../../commands/enqueue';
import type { Tx } from '../../db';
import { whatsappReservationRequests as requests, whatsappCommands } from '../../db/schema';
import { phoneToChatId } from '../../operators/operator-chat';
import { renderTemplate } from '../../settings/render-template';
import type { Settings } from '../../settings/schema';
import { loadRequestContext, templateValues } from '../request-context';
import { type RequestRow, traceEntry } from '../request-trace';
import { chatLabel, GROUP_SOURCE_LABEL } from '../trace-labels';
import { cancelPendingNotifications, enqueueNotification } from './commands';
import { isLastAttemptOfRound, moveRequest } from './transitions';

const deadline = (settings: Settings) =>
  sql`now() + make_interval(secs => ${settings.notifyAckTimeoutSeconds})`;

/**
 * Matching and the first notification attempt of a round: reservation → experience → operator → group (by
 * THE resolution rule), then the notification is queued to the group, or to the operator's phone when the
 * experience has no group. Moves the request from the event's `from` (transitions.ts) to `matched`, `unmatched` or — when the
 * resolved group is broken — straight to `notify_failed`: sending into a group we left cannot succeed, and
 * picking another group would notify someone the admin did not choose.
 */
export async function matchAndNotify(
  tx: Tx,
  requestId: number,
  settings: Settings,
  options: { event: 'detected' | 'replayed'; attempt: number; reason?: string },
): Promise<RequestRow | null> {
  const ctx = await loadRequestContext(tx, requestId);
  const { request, reservation, experience, operator } = ctx;
  const prefix = options.reason ? `${options.reason}. ` : '';
  if (!reservation || !experience) {
    const error = `No existe una reserva con el código ${request.code}.`;
    return moveRequest(tx, requestId, options.event, {
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
    ? `${chatLabel(resolution.chat)} (${GROUP_SOURCE_LABEL[resolution.source]})`
    : '';
  if (resolution.chat && resolution.warning) {
    return moveRequest(tx, requestId, options.event, {
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
    return moveRequest(tx, requestId, options.event, {
      to: 'unmatched',
      note: prefix + error,
      patch: { ...facts, error },
    });
  }
  const body = renderTemplate(settings.notificationTemplate, templateValues(ctx));
  const command = await enqueueNotification(tx, {
    sessionId: target.sessionId,
    requestId,
    attempt: options.attempt,
    chatId: target.chatId,
    body,
  });
  return moveRequest(tx, requestId, options.event, {
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
  if (isLastAttemptOfRound(attempt)) {
    await cancelPendingNotifications(tx, request.id);
    const error = `${reason} (intento ${attempt})`;
    return moveRequest(tx, request.id, 'attemptFailed', {
      to: 'notify_failed',
      note: error,
      patch: { error, notifyDeadlineAt: null },
      extra: onThisCommand,
    });
  }
  const [previous] = await tx.select().from(whatsappCommands).where(eq(whatsappCommands.id, commandId));
  const payload = sendMessagePayload.safeParse(previous?.payload);
  if (!previous || !payload.success) return null;
  await cancelPendingNotifications(tx, request.id);
  const retry = await enqueueNotification(tx, {
    sessionId: previous.sessionId,
    requestId: request.id,
    attempt: attempt + 1,
    chatId: payload.data.chatId,
    body: payload.data.body,
  });
  return moveRequest(tx, request.id, 'attemptFailed', {
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
