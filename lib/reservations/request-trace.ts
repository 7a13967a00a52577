import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Tx } from '../db';
import { type RequestTraceEntry, whatsappReservationRequests as requests } from '../db/schema';
import { publish } from '../events/notify';
import { enqueueRequestEvent } from '../webhooks/events';
import type { RequestStatus } from './request-status';

export type RequestRow = typeof requests.$inferSelect;
/** Column values, or SQL such as `now() + interval` evaluated by the database. */
type RequestPatch = Omit<PgUpdateSetSource<typeof requests>, 'id' | 'status' | 'trace'>;

/** Statuses in which an operator's answer still counts and a notification outcome still matters. */
export const OPEN_STATUSES: readonly RequestStatus[] = ['matched', 'notified', 'notify_failed'];

export function traceEntry(status: RequestStatus, note?: string): RequestTraceEntry {
  return note ? { at: new Date().toISOString(), status, note } : { at: new Date().toISOString(), status };
}

export interface TransitionChange {
  from: readonly RequestStatus[];
  to: RequestStatus;
  note?: string;
  patch?: RequestPatch;
  /** Entries to record before the one for `to` (e.g. `matched` on the way to `notify_failed`). */
  before?: RequestTraceEntry[];
  extra?: SQL;
}

const appended = (entries: RequestTraceEntry[]) =>
  sql`${requests.trace} || ${JSON.stringify(entries)}::jsonb`;

/**
 * Moves a request to `to` only if it is still in one of `from` (and `extra` holds): a conditional UPDATE, so
 * two processes reacting to the same event (a send result and a deadline, say) cannot both act — the second
 * finds the status changed and gets null. Appends the trace entries and tells open dashboards.
 */
export async function transitionRequest(
  tx: Tx,
  requestId: number,
  change: TransitionChange,
): Promise<RequestRow | null> {
  const entries = [...(change.before ?? []), traceEntry(change.to, change.note)];
  const [row] = await tx
    .update(requests)
    .set({ ...change.patch, status: change.to, trace: appended(entries), updatedAt: new Date() })
    .where(and(eq(requests.id, requestId), inArray(requests.status, [...change.from]), change.extra))
    .returning();
  if (row) {
    await publish(tx, { type: 'request', requestId });
    // In the same transaction: subscribers hear about a status change exactly when it commits.
    await enqueueRequestEvent(tx, 'reservation_request.updated', row);
  }
  return row ?? null;
}

/** Records something that happened without changing the status (a retry, a reply sent to the customer). */
export async function noteRequest(tx: Tx, requestId: number, note: string, patch: RequestPatch = {}) {
  const [row] = await tx
    .update(requests)
    .set({
      ...patch,
      trace: sql`${requests.trace} || jsonb_build_array(jsonb_build_object(
        'at', ${new Date().toISOString()}::text, 'status', ${requests.status}::text, 'note', ${note}::text))`,
      updatedAt: new Date(),
    })
    .where(eq(requests.id, requestId))
    .returning();
  if (row) await publish(tx, { type: 'request', requestId });
  return row ?? null;
}
