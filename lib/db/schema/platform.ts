import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  smallint,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { GROUP_SOURCES } from '../../bindings/group-source';
import { REQUEST_STATUSES } from '../../reservations/request-status';
import { createdAt, fk, idColumn, tsz, updatedAt } from './columns';
import { whatsappChats, whatsappMessages, whatsappSessions } from './whatsapp';
import { whatsappCommands } from './work';

export const experienceStatus = pgEnum('experience_status', ['draft', 'published', 'archived']);
export const reservationStatus = pgEnum('reservation_status', [
  'pending',
  'confirmed',
  'cancelled',
  'completed',
]);
export const requestStatus = pgEnum('reservation_request_status', REQUEST_STATUSES);
export const groupSource = pgEnum('group_source', GROUP_SOURCES);

export const organizers = pgTable('organizers', {
  id: idColumn(),
  externalId: text('external_id').unique(),
  name: text('name').notNull(),
  email: text('email'),
  phone: text('phone'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const tourOperators = pgTable(
  'tour_operators',
  {
    id: idColumn(),
    /** Null only for legacy operators that `migrate-operators` has not linked yet. */
    organizerId: fk('organizer_id').references(() => organizers.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    defaultGroupChatId: fk('default_group_chat_id').references(() => whatsappChats.id, {
      onDelete: 'set null',
    }),
    isSystemCreated: boolean('is_system_created').notNull().default(false),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('tour_operators_organizer_idx').on(t.organizerId),
    // Auto-creation runs at most once per organizer, even when two experiences are created concurrently.
    uniqueIndex('tour_operators_one_system_per_organizer_uq')
      .on(t.organizerId)
      .where(sql`${t.isSystemCreated}`),
  ],
);

export const experiences = pgTable(
  'experiences',
  {
    id: idColumn(),
    externalId: text('external_id').unique(),
    organizerId: fk('organizer_id')
      .notNull()
      .references(() => organizers.id, { onDelete: 'restrict' }),
    operatorId: fk('operator_id').references(() => tourOperators.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    status: experienceStatus('status').notNull().default('published'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('experiences_organizer_idx').on(t.organizerId),
    index('experiences_operator_idx').on(t.operatorId),
    index('experiences_title_lower_idx').on(sql`lower(${t.title})`),
  ],
);

export const reservations = pgTable(
  'reservations',
  {
    id: idColumn(),
    /** Stored upper case, e.g. `RES-8F3K2`. */
    code: text('code').notNull().unique(),
    externalId: text('external_id').unique(),
    experienceId: fk('experience_id')
      .notNull()
      .references(() => experiences.id, { onDelete: 'restrict' }),
    customerName: text('customer_name').notNull(),
    customerPhone: text('customer_phone'),
    date: date('date', { mode: 'string' }),
    partySize: smallint('party_size').notNull().default(1),
    status: reservationStatus('status').notNull().default('pending'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('reservations_experience_idx').on(t.experienceId)],
);

export const experienceGroupBindings = pgTable(
  'experience_group_bindings',
  {
    id: idColumn(),
    experienceId: fk('experience_id')
      .notNull()
      .references(() => experiences.id, { onDelete: 'cascade' }),
    chatId: fk('chat_id')
      .notNull()
      .references(() => whatsappChats.id, { onDelete: 'cascade' }),
    isOverride: boolean('is_override').notNull(),
    /** Set when our number left the group or the group was deleted; cleared when it is fixed. */
    flaggedAt: tsz('flagged_at'),
    flagReason: text('flag_reason'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // At most one override and one inherited binding (the operator's default at creation) per experience.
    uniqueIndex('experience_group_bindings_kind_uq').on(t.experienceId, t.isOverride),
    index('experience_group_bindings_chat_idx').on(t.chatId),
  ],
);

export type RequestTraceEntry = { at: string; status: string; note?: string };

export const whatsappReservationRequests = pgTable(
  'whatsapp_reservation_requests',
  {
    id: idColumn(),
    sessionId: fk('session_id')
      .notNull()
      .references(() => whatsappSessions.id, { onDelete: 'cascade' }),
    messageId: fk('message_id')
      .notNull()
      .references(() => whatsappMessages.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    reservationId: fk('reservation_id').references(() => reservations.id, { onDelete: 'set null' }),
    experienceId: fk('experience_id').references(() => experiences.id, { onDelete: 'set null' }),
    operatorId: fk('operator_id').references(() => tourOperators.id, { onDelete: 'set null' }),
    groupChatId: fk('group_chat_id').references(() => whatsappChats.id, { onDelete: 'set null' }),
    groupSource: groupSource('group_source'),
    status: requestStatus('status').notNull().default('detected'),
    notificationCommandId: fk('notification_command_id').references(() => whatsappCommands.id, {
      onDelete: 'set null',
    }),
    notifyAttempts: integer('notify_attempts').notNull().default(0),
    notifyDeadlineAt: tsz('notify_deadline_at'),
    trace: jsonb('trace').$type<RequestTraceEntry[]>().notNull().default([]),
    error: text('error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('whatsapp_reservation_requests_message_code_uq').on(t.messageId, t.code),
    index('whatsapp_reservation_requests_status_idx').on(t.status, t.createdAt.desc()),
    index('whatsapp_reservation_requests_code_idx').on(t.code),
  ],
);
