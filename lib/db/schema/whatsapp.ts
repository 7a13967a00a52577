import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { LocationDto, VcardDto } from '../../whatsapp/dto';
import { MESSAGE_SOURCES } from '../../whatsapp/message-source';
import { SESSION_DESIRED_STATES, SESSION_STATUSES } from '../../whatsapp/sessions/status';
import { createdAt, fk, idColumn, tsz, updatedAt } from './columns';

export const sessionStatus = pgEnum('session_status', SESSION_STATUSES);
export const messageSource = pgEnum('message_source', MESSAGE_SOURCES);
export const sessionDesiredState = pgEnum('session_desired_state', SESSION_DESIRED_STATES);

export const whatsappSessions = pgTable('whatsapp_sessions', {
  id: idColumn(),
  name: text('name').notNull().unique(),
  status: sessionStatus('status').notNull().default('starting'),
  qr: text('qr'),
  qrExpiresAt: tsz('qr_expires_at'),
  pairingCode: text('pairing_code'),
  pairingPhone: text('pairing_phone'),
  meWid: text('me_wid'),
  mePhone: text('me_phone'),
  pushName: text('push_name'),
  waVersion: text('wa_version'),
  lastEventAt: tsz('last_event_at'),
  heartbeatAt: tsz('heartbeat_at'),
  leaseOwner: text('lease_owner'),
  leaseExpiresAt: tsz('lease_expires_at'),
  lastError: text('last_error'),
  consecutiveRestarts: integer('consecutive_restarts').notNull().default(0),
  chromiumRssMb: integer('chromium_rss_mb'),
  workerRssMb: integer('worker_rss_mb'),
  /** What the dashboard calls this number ("Ventas", "Soporte sur"); the name is the stable id. */
  label: text('label'),
  /** Whether a worker of the pool should run it: set from the dashboard (start/stop), read by every worker. */
  desiredState: sessionDesiredState('desired_state').notNull().default('running'),
  /** Deleted with its chats kept read-only: out of every list and never claimed; the rows stay for reading. */
  deletedAt: tsz('deleted_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * The worker processes of the pool, each renewing its row while alive: how many numbers each may run, so the
 * least-loaded worker with room claims the next number and the dashboard can say when every worker is full.
 */
export const whatsappWorkers = pgTable('whatsapp_workers', {
  owner: text('owner').primaryKey(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  capacity: integer('capacity').notNull(),
  /** Set when the worker runs one fixed number (WA_SESSION): it never claims others. */
  pinnedSession: text('pinned_session'),
  heartbeatAt: tsz('heartbeat_at').notNull(),
  startedAt: tsz('started_at').notNull(),
});

export const whatsappContacts = pgTable(
  'whatsapp_contacts',
  {
    id: idColumn(),
    sessionId: fk('session_id')
      .notNull()
      .references(() => whatsappSessions.id, { onDelete: 'cascade' }),
    /** The `@c.us` id when known; for contacts only ever seen as `@lid`, the lid itself. */
    wid: text('wid').notNull(),
    lid: text('lid'),
    phone: text('phone'),
    name: text('name'),
    pushName: text('push_name'),
    isBusiness: boolean('is_business').notNull().default(false),
    isMyContact: boolean('is_my_contact').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('whatsapp_contacts_session_wid_uq').on(t.sessionId, t.wid),
    index('whatsapp_contacts_session_lid_idx').on(t.sessionId, t.lid),
    index('whatsapp_contacts_session_phone_idx').on(t.sessionId, t.phone),
  ],
);

export const whatsappChats = pgTable(
  'whatsapp_chats',
  {
    id: idColumn(),
    sessionId: fk('session_id')
      .notNull()
      .references(() => whatsappSessions.id, { onDelete: 'cascade' }),
    /** WhatsApp's serialized chat id: `569…@c.us`, `…@g.us`, or `…@lid`. */
    waId: text('wa_id').notNull(),
    isGroup: boolean('is_group').notNull(),
    name: text('name'),
    unreadCount: integer('unread_count').notNull().default(0),
    archived: boolean('archived').notNull().default(false),
    readOnly: boolean('read_only').notNull().default(false),
    muted: boolean('muted').notNull().default(false),
    pinned: boolean('pinned').notNull().default(false),
    /** Newest stored message; drives the chat list order. */
    lastMessageAt: tsz('last_message_at'),
    /** WhatsApp's own last-activity time; newer than lastMessageAt means a gap to back-fill. */
    waTimestamp: tsz('wa_timestamp'),
    description: text('description'),
    ownerWid: text('owner_wid'),
    /** Groups: whether our number is still a participant / an admin. */
    weAreMember: boolean('we_are_member').notNull().default(true),
    weAreAdmin: boolean('we_are_admin').notNull().default(false),
    participantCount: integer('participant_count').notNull().default(0),
    deletedAt: tsz('deleted_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('whatsapp_chats_session_wa_id_uq').on(t.sessionId, t.waId),
    index('whatsapp_chats_list_idx').on(t.sessionId, t.lastMessageAt.desc().nullsLast(), t.id.desc()),
    index('whatsapp_chats_groups_idx').on(t.sessionId, t.name).where(sql`${t.isGroup}`),
    index('whatsapp_chats_name_lower_idx').on(t.sessionId, sql`lower(${t.name})`),
  ],
);

export const whatsappGroupParticipants = pgTable(
  'whatsapp_group_participants',
  {
    chatId: fk('chat_id')
      .notNull()
      .references(() => whatsappChats.id, { onDelete: 'cascade' }),
    contactWid: text('contact_wid').notNull(),
    isAdmin: boolean('is_admin').notNull().default(false),
    isSuperAdmin: boolean('is_super_admin').notNull().default(false),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.contactWid] })],
);

export const whatsappMessages = pgTable(
  'whatsapp_messages',
  {
    id: idColumn(),
    sessionId: fk('session_id')
      .notNull()
      .references(() => whatsappSessions.id, { onDelete: 'cascade' }),
    chatId: fk('chat_id')
      .notNull()
      .references(() => whatsappChats.id, { onDelete: 'cascade' }),
    /** `id.id`: stable across the `@c.us`/`@lid` forms, unlike `_serialized`. Part of the idempotency key. */
    protocolId: text('protocol_id').notNull(),
    fromMe: boolean('from_me').notNull(),
    serializedId: text('serialized_id').notNull(),
    senderWid: text('sender_wid'),
    body: text('body').notNull().default(''),
    type: text('type').notNull().default('chat'),
    timestamp: tsz('timestamp').notNull(),
    /** -1 error, 0 pending, 1 server, 2 device, 3 read, 4 played. */
    ack: smallint('ack').notNull().default(0),
    hasMedia: boolean('has_media').notNull().default(false),
    isForwarded: boolean('is_forwarded').notNull().default(false),
    quotedProtocolId: text('quoted_protocol_id'),
    editedAt: tsz('edited_at'),
    previousBody: text('previous_body'),
    revokedAt: tsz('revoked_at'),
    source: messageSource('source').notNull().default('live'),
    /**
     * A system event (encryption notice, call log, group notification…; lib/whatsapp/message-types.ts), not
     * something a person wrote: shown small, never unread, never processed.
     */
    system: boolean('system').notNull().default(false),
    /** Metadata WhatsApp sends with every media message, kept before (and without) any download. */
    mediaMimetype: text('media_mimetype'),
    mediaSize: bigint('media_size', { mode: 'number' }),
    mediaFilehash: text('media_filehash'),
    mediaFilename: text('media_filename'),
    mediaDuration: integer('media_duration'),
    mediaWidth: integer('media_width'),
    mediaHeight: integer('media_height'),
    /** The base64 JPEG preview WhatsApp sends in an image/video/sticker's body (no `data:` prefix). */
    mediaThumbnail: text('media_thumbnail'),
    /** `poll_creation`: the question, its options, and whether several may be chosen. */
    pollName: text('poll_name'),
    pollOptions: text('poll_options').array(),
    pollAllowMultiple: boolean('poll_allow_multiple'),
    /** `location` messages: `{ latitude, longitude, name, address }` (their body is a thumbnail, not text). */
    location: jsonb('location').$type<LocationDto>(),
    /** Contact cards as `[{ name, numbers }]`. */
    vcards: jsonb('vcards').$type<VcardDto[]>(),
    /**
     * Null until the post-commit processors (reservation codes, webhooks) have run for this message. The
     * processors pick rows by this, so a crash between commit and processing delays work instead of losing it.
     */
    processedAt: tsz('processed_at'),
    /**
     * Set when processing failed again on its own retry: the processors skip the message until a person
     * replays it (dashboard, API, CLI). `processingError` is the last failure, `processingAttempts` counts them.
     */
    parkedAt: tsz('parked_at'),
    processingError: text('processing_error'),
    processingAttempts: integer('processing_attempts').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('whatsapp_messages_unprocessed_idx').on(t.sessionId, t.id).where(sql`${t.processedAt} is null`),
    index('whatsapp_messages_parked_idx').on(t.sessionId, t.parkedAt).where(sql`${t.parkedAt} is not null`),
    uniqueIndex('whatsapp_messages_idempotency_uq').on(t.sessionId, t.protocolId, t.fromMe),
    index('whatsapp_messages_chat_time_idx').on(t.chatId, t.timestamp.desc(), t.id.desc()),
    index('whatsapp_messages_session_time_idx').on(t.sessionId, t.timestamp),
    // Message search across every number walks this newest first (lib/whatsapp/search-page.ts).
    index('whatsapp_messages_search_time_idx')
      .on(t.timestamp.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.system} = false`),
  ],
);
