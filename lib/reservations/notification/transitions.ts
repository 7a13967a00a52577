import type { Tx } from '../../db';
import type { RequestStatus } from '../request-status';
import { OPEN_STATUSES, type RequestRow, type TransitionChange, transitionRequest } from '../request-trace';

/**
 * The notification state machine of a reservation request. Every status change of a request goes through
 * `moveRequest` below, which takes `from` from this table and only accepts a `to` listed in it:
 *
 *   event          from                              to                          when
 *   ─────────────  ────────────────────────────────  ──────────────────────────  ──────────────────────────────────
 *   detected       detected                          matched                     notification queued (attempt 1)
 *                                                    unmatched                   no reservation, no group nor phone
 *                                                    notify_failed               the resolved group is broken
 *   replayed       notify_failed, unmatched          (same three as detected)    an admin / the CLI replays
 *   attemptFailed  matched, on that very command     matched                     first attempt of the round: retry
 *                                                    notify_failed               the retry failed too
 *   sendUnknown    matched                           notify_failed               a crash left the send unknown
 *   numberDeleted  matched, on that very command     notify_failed               its number was deleted, unsent or mid-send
 *   acked          matched, notify_failed            notified                    server ack ≥ 1 of the sent notice
 *   answered       matched, notified, notify_failed  confirmed, rejected         operator's word in the notified chat
 *
 * The command of each attempt carries `purpose = 'reservation_request'`, `request_id` and `attempt` columns;
 * the request points at the current one (`notification_command_id`) and counts `notify_attempts`.
 */
export const NOTIFICATION_TRANSITIONS = {
  detected: { from: ['detected'], to: ['matched', 'unmatched', 'notify_failed'] },
  replayed: { from: ['notify_failed', 'unmatched'], to: ['matched', 'unmatched', 'notify_failed'] },
  attemptFailed: { from: ['matched'], to: ['matched', 'notify_failed'] },
  sendUnknown: { from: ['matched'], to: ['notify_failed'] },
  numberDeleted: { from: ['matched'], to: ['notify_failed'] },
  acked: { from: ['matched', 'notify_failed'], to: ['notified'] },
  answered: { from: OPEN_STATUSES, to: ['confirmed', 'rejected'] },
} as const satisfies Record<string, { from: readonly RequestStatus[]; to: readonly RequestStatus[] }>;

export type NotificationEvent = keyof typeof NOTIFICATION_TRANSITIONS;
export type TargetOf<E extends NotificationEvent> = (typeof NOTIFICATION_TRANSITIONS)[E]['to'][number];

/** Statuses a replay starts from. */
export const REPLAYABLE: readonly RequestStatus[] = NOTIFICATION_TRANSITIONS.replayed.from;

/**
 * Each round of notification is a first attempt and its one retry. Attempt numbers run on across rounds
 * (round k owns attempts 2k-1 and 2k) and are never reused, so each attempt has its own outbox idempotency key.
 */
export const ATTEMPTS_PER_ROUND = 2;
export const isLastAttemptOfRound = (attempt: number) => attempt % ATTEMPTS_PER_ROUND === 0;
export const firstAttemptOfNextRound = (attempts: number) =>
  Math.ceil(attempts / ATTEMPTS_PER_ROUND) * ATTEMPTS_PER_ROUND + 1;

/** One row of the table applied: moves the request only from the event's `from`, only to one of its `to`. */
export function moveRequest<E extends NotificationEvent>(
  tx: Tx,
  requestId: number,
  event: E,
  change: Omit<TransitionChange, 'from' | 'to'> & { to: TargetOf<E> },
): Promise<RequestRow | null> {
  return transitionRequest(tx, requestId, { ...change, from: NOTIFICATION_TRANSITIONS[event].from });
}
