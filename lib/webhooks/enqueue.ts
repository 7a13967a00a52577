import { sql } from 'drizzle-orm';
import type { SqlTx, Tx } from '../db';
import type { WebhookEvent } from '../db/schema';
import { publish } from '../events/notify';

/**
 * Records one delivery per active endpoint subscribed to `event`, in the caller's transaction: the event is
 * delivered if and only if the change it describes commits. Delivery itself is the worker's job
 * (deliverDueWebhooks), so a restart loses nothing. Returns how many deliveries were queued.
 */
export async function enqueueWebhookEvent(
  db: Tx,
  event: WebhookEvent,
  payload: Record<string, unknown>,
): Promise<number> {
  // JSON goes in as text + ::jsonb: drizzle's postgres.js client passes JSON parameters through unserialized.
  const rows = await db.execute<{ id: string }>(sql`
    insert into webhook_deliveries (endpoint_id, event, payload)
    select id, ${event}, ${JSON.stringify(payload)}::jsonb from webhook_endpoints
    where active and ${event} = any(events)
    returning id`);
  // The worker delivers at once instead of at its next poll.
  if (rows.length > 0) await publish(db, { type: 'webhook_queued', event });
  return rows.length;
}

/**
 * The same for postgres.js transactions (the ingest path), several payloads of one event at once: an edit,
 * revoke or reaction is delivered if and only if the batch that stored it commits.
 */
export async function enqueueWebhookEventsInTx(
  tx: SqlTx,
  event: WebhookEvent,
  payloads: Record<string, unknown>[],
): Promise<number> {
  if (payloads.length === 0) return 0;
  const rows = await tx`
    insert into webhook_deliveries (endpoint_id, event, payload)
    select e.id, ${event}, p.payload::jsonb
    from webhook_endpoints e, unnest(${tx.array(payloads.map((p) => JSON.stringify(p)))}::text[]) as p(payload)
    where e.active and ${event} = any(e.events)
    returning id`;
  if (rows.length > 0) await publish(tx, { type: 'webhook_queued', event });
  return rows.length;
}
