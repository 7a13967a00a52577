import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db';
import { whatsappReservationRequests as requests, whatsappCommands, whatsappSessions } from '../../db/schema';
import { publish } from '../../events/notify';
import { handleWithdrawnSends } from '../../reservations/notification/outcomes';

/**
 * The outbox of a number deleted with `keep`. No worker runs that number again, so whatever it still holds
 * would wait for ever: a customer's reservation request stuck "matched", its operator never told, nothing on
 * the failed list. Deleting cancels what is queued; what a worker had claimed is settled when that worker
 * lets the number go (it may put a command back in the queue on its way out, when the page closes under
 * it), or, when that worker died, by any worker once its lease has run out.
 */

/** Nobody runs the number: its lease was released or has expired. */
const leaseRunOut = sql`(${whatsappSessions.leaseExpiresAt} is null or ${whatsappSessions.leaseExpiresAt} < now())`;

const NOT_RUN = 'The WhatsApp number was deleted before this ran.';
const MAYBE_SENT =
  'The WhatsApp number was deleted while this was being sent; it may have gone out. Check the chat.';

/** At deletion: cancel what is still queued. A command already claimed is left to its worker. */
export async function withdrawQueuedCommands(tx: Tx, sessionId: number) {
  await withdraw(tx, sessionId, ['pending']);
}

/**
 * Settle every command a deleted number has left: queued or claimed but not begun → `cancelled`; caught
 * mid-send → `unknown` (it may have gone out: a person checks, nothing re-sends it). Only while nobody else
 * runs the number: `owner` is the worker that held it and has stopped its outbox; without one, the number's
 * lease must have run out (its worker died). Returns how many commands it settled.
 */
export async function settleDeletedNumber(
  db: Db,
  sessionId: number,
  holder: { owner: string } | 'abandoned',
): Promise<number> {
  return db.transaction(async (tx) => {
    const free = holder === 'abandoned' ? leaseRunOut : sql`${whatsappSessions.leaseOwner} = ${holder.owner}`;
    // The number's row first, then requests, then commands: the order deleting a number takes them in.
    const [session] = await tx
      .select({ id: whatsappSessions.id })
      .from(whatsappSessions)
      .where(and(eq(whatsappSessions.id, sessionId), isNotNull(whatsappSessions.deletedAt), free))
      .for('update');
    if (!session) return 0;
    return withdraw(tx, sessionId, OPEN);
  });
}

/**
 * The pool's sweep: deleted numbers whose worker went away (lease run out) with commands still open, each
 * settled as above. Returns how many commands it settled.
 */
export async function settleAbandonedNumbers(db: Db): Promise<number> {
  const rows = await db
    .selectDistinct({ id: whatsappSessions.id })
    .from(whatsappSessions)
    .innerJoin(whatsappCommands, eq(whatsappCommands.sessionId, whatsappSessions.id))
    .where(and(isNotNull(whatsappSessions.deletedAt), leaseRunOut, inArray(whatsappCommands.status, OPEN)))
    .limit(100);
  let settled = 0;
  for (const { id } of rows) settled += await settleDeletedNumber(db, id, 'abandoned');
  return settled;
}

type OpenStatus = 'pending' | 'running' | 'sending';
const OPEN: OpenStatus[] = ['pending', 'running', 'sending'];

async function withdraw(tx: Tx, sessionId: number, statuses: OpenStatus[]): Promise<number> {
  const open = and(eq(whatsappCommands.sessionId, sessionId), inArray(whatsappCommands.status, statuses));
  // Their requests are locked first: every notification path takes a request, then its commands.
  await tx
    .select({ id: requests.id })
    .from(requests)
    .where(
      inArray(requests.id, tx.select({ id: whatsappCommands.requestId }).from(whatsappCommands).where(open)),
    )
    .orderBy(requests.id)
    .for('update');
  const settled = await tx
    .update(whatsappCommands)
    .set({
      status: sql`case when ${whatsappCommands.status} = 'sending' then 'unknown' else 'cancelled' end::command_status`,
      error: sql`case when ${whatsappCommands.status} = 'sending' then ${MAYBE_SENT} else ${NOT_RUN} end`,
      // A worker still inside one of them (fenced, its lease run out) then finds its claim gone and does not
      // send: its step to `sending` is guarded by the claim.
      claimedBy: null,
      finishedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(open)
    .returning({
      id: whatsappCommands.id,
      requestId: whatsappCommands.requestId,
      purpose: whatsappCommands.purpose,
      status: whatsappCommands.status,
    });
  await handleWithdrawnSends(
    tx,
    settled.map((c) => ({ ...c, maybeSent: c.status === 'unknown' })),
  );
  // An open command page shows its end at once.
  for (const c of settled) await publish(tx, { type: 'command', sessionId, commandId: c.id });
  return settled.length;
}
