import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import type { Tx } from '../db';
import { webhookDeliveries as deliveries, deliveryStatus, WEBHOOK_EVENTS } from '../db/schema';
import { NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import { publish } from '../events/notify';
import { decodeCursor, microsText, pageInput, toPage } from '../pagination/cursor';

export const listDeliveriesInput = z.object({
  endpointId: z.number().int().positive().optional(),
  status: z.enum(deliveryStatus.enumValues).optional(),
  event: z.enum(WEBHOOK_EVENTS).optional(),
  ...pageInput,
});

const columns = {
  id: deliveries.id,
  endpointId: deliveries.endpointId,
  deliveryId: deliveries.deliveryId,
  event: deliveries.event,
  status: deliveries.status,
  attempts: deliveries.attempts,
  nextAttemptAt: deliveries.nextAttemptAt,
  lastStatusCode: deliveries.lastStatusCode,
  lastError: deliveries.lastError,
  deliveredAt: deliveries.deliveredAt,
  createdAt: deliveries.createdAt,
};

/** Newest first. The payload is left out of lists (it can be large); getDelivery has it. */
export async function listDeliveries(db: Tx, input: z.input<typeof listDeliveriesInput> = {}) {
  const { endpointId, status, event, cursor, limit } = parseInput(listDeliveriesInput, input);
  const filters: (SQL | undefined)[] = [];
  if (endpointId) filters.push(eq(deliveries.endpointId, endpointId));
  if (status) filters.push(eq(deliveries.status, status));
  if (event) filters.push(eq(deliveries.event, event));
  if (cursor) {
    const { k, id } = decodeCursor(cursor);
    filters.push(sql`(${deliveries.createdAt}, ${deliveries.id}) < (${k ?? ''}::timestamptz, ${id})`);
  }
  const rows = await db
    .select({ ...columns, sortKey: microsText(deliveries.createdAt) })
    .from(deliveries)
    .where(and(...filters))
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(limit + 1);
  return toPage(
    rows,
    limit,
    (r) => r.sortKey,
    ({ sortKey: _, ...r }) => r,
  );
}

export async function getDelivery(db: Tx, deliveryRowId: number) {
  const id = parseInput(z.number().int().positive(), deliveryRowId, 'Invalid delivery id.');
  const [row] = await db
    .select({ ...columns, payload: deliveries.payload })
    .from(deliveries)
    .where(eq(deliveries.id, id));
  if (!row) throw new NotFound(`No webhook delivery ${id}.`, { deliveryId: id });
  return row;
}

/**
 * Sends a delivery again. One that never got through (pending, failed, dead) starts over with fresh attempts
 * and the SAME delivery id — the receiver never accepted it. One that was delivered is copied into a new
 * delivery with a NEW id: the receiver deduplicates by id and would otherwise ignore the replay it asked for.
 */
export async function replayDelivery(db: Tx, input: { id: number }, actor: Actor) {
  const { id } = parseInput(z.object({ id: z.number().int().positive() }), input);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(deliveries).where(eq(deliveries.id, id)).for('update');
    if (!row) throw new NotFound(`No webhook delivery ${id}.`, { deliveryId: id });
    let replayId = id;
    if (row.status === 'delivered') {
      const [copy] = await tx
        .insert(deliveries)
        .values({
          endpointId: row.endpointId,
          event: row.event,
          payload: sql`${JSON.stringify(row.payload)}::jsonb`,
        })
        .returning({ id: deliveries.id });
      replayId = copy!.id;
    } else {
      await tx
        .update(deliveries)
        .set({ status: 'pending', attempts: 0, nextAttemptAt: sql`now()`, lastError: null })
        .where(eq(deliveries.id, id));
    }
    await recordAudit(tx, {
      actor,
      action: 'webhook_delivery.replay',
      targetType: 'webhook_delivery',
      targetId: id,
      details: { event: row.event, from: row.status, replayId },
    });
    await publish(tx, { type: 'webhook_queued', event: row.event });
    return getDelivery(tx, replayId);
  });
}
