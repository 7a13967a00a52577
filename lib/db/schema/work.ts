import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { COMMAND_KINDS, COMMAND_PURPOSES, COMMAND_STATUSES } from '../../commands/command-kinds';
import { createdAt, fk, idColumn, tsz, updatedAt } from './columns';
import { whatsappReservationRequests } from './platform';
import { whatsappSessions } from './whatsapp';

export const commandKind = pgEnum('command_kind', COMMAND_KINDS);
export const commandStatus = pgEnum('command_status', COMMAND_STATUSES);
export const commandPurpose = pgEnum('command_purpose', COMMAND_PURPOSES);

/** The outbox: the web app inserts, the worker claims with FOR UPDATE SKIP LOCKED and executes. */
export const whatsappCommands = pgTable(
  'whatsapp_commands',
  {
    id: idColumn(),
    sessionId: fk('session_id')
      .notNull()
      .references(() => whatsappSessions.id, { onDelete: 'cascade' }),
    kind: commandKind('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    status: commandStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    idempotencyKey: text('idempotency_key'),
    result: jsonb('result').$type<Record<string, unknown>>(),
    progress: jsonb('progress').$type<{ done: number; total?: number; note?: string }>(),
    error: text('error'),
    runAfter: tsz('run_after').notNull().defaultNow(),
    claimedBy: text('claimed_by'),
    claimedAt: tsz('claimed_at'),
    createdBy: text('created_by'),
    /** Set by the domain only (never from API input): which request this send belongs to, and why. */
    purpose: commandPurpose('purpose'),
    requestId: fk('request_id').references((): AnyPgColumn => whatsappReservationRequests.id, {
      onDelete: 'cascade',
    }),
    /** The notification attempt this send is (reservation_request only); shown in the request's trace. */
    attempt: integer('attempt'),
    finishedAt: tsz('finished_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('whatsapp_commands_idempotency_uq').on(t.sessionId, t.idempotencyKey),
    index('whatsapp_commands_pending_idx')
      .on(t.sessionId, t.runAfter, t.id)
      .where(sql`${t.status} = 'pending'`),
    index('whatsapp_commands_status_idx').on(t.status, t.createdAt),
    index('whatsapp_commands_request_idx').on(t.requestId, t.purpose).where(sql`${t.requestId} is not null`),
    check('whatsapp_commands_purpose_request_ck', sql`(${t.purpose} is null) = (${t.requestId} is null)`),
    check(
      'whatsapp_commands_notification_attempt_ck',
      sql`${t.purpose} <> 'reservation_request' or ${t.attempt} is not null`,
    ),
  ],
);
