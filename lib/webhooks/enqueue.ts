import { sql } from 'drizzle-orm';
import type { Tx } from '../db';
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
