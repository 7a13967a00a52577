import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, fk, idColumn, tsz, updatedAt } from './columns';

export const WEBHOOK_EVENTS = [
  'message.received',
  'message.reaction',
  'message.edited',
  'message.revoked',
  'message.media_stored',
  'reservation_request.created',
  'reservation_request.updated',
  'session.status',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const deliveryStatus = pgEnum('webhook_delivery_status', ['pending', 'delivered', 'failed', 'dead']);

export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: idColumn(),
  url: text('url').notNull(),
  secret: text('secret').notNull(),
  events: text('events').array().$type<WebhookEvent[]>().notNull(),
  description: text('description'),
  active: boolean('active').notNull().default(true),
  createdBy: text('created_by'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: idColumn(),
    endpointId: fk('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** Stable across retries so receivers can deduplicate. */
    deliveryId: uuid('delivery_id').notNull().unique().defaultRandom(),
    event: text('event').$type<WebhookEvent>().notNull(),
    payload: jsonb('payload').notNull(),
    status: deliveryStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tsz('next_attempt_at').notNull().defaultNow(),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: tsz('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt.desc()),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: idColumn(),
    actorType: text('actor_type').$type<'user' | 'api_key' | 'system' | 'anonymous'>().notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_created_idx').on(t.createdAt.desc()),
    index('audit_log_target_idx').on(t.targetType, t.targetId),
  ],
);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedBy: text('updated_by'),
  updatedAt: updatedAt(),
});

/**
 * Signatures of inbound webhook requests already accepted, kept until they would be stale anyway: a captured
 * request replayed inside the 5-minute window is refused.
 */
export const inboundSignatures = pgTable(
  'inbound_webhook_signatures',
  {
    signature: text('signature').primaryKey(),
    expiresAt: tsz('expires_at').notNull(),
  },
  (t) => [index('inbound_webhook_signatures_expires_idx').on(t.expiresAt)],
);
