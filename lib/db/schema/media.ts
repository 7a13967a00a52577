import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { MEDIA_STATES } from '../../media/states';
import { createdAt, fk, idColumn, tsz, updatedAt } from './columns';
import { whatsappMessages, whatsappSessions } from './whatsapp';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const mediaState = pgEnum('media_state', MEDIA_STATES);

/**
 * Every file we keep, once, by the SHA-256 of its bytes: the same receipt forwarded ten times is one row.
 * `mimetype` is what the bytes are (sniffed), not what the sender claimed.
 */
export const mediaBlobs = pgTable('media_blobs', {
  sha256: text('sha256').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  mimetype: text('mimetype').notNull(),
  /** Which adapter holds the bytes (`postgres` or `s3`), so a switch of MEDIA_STORAGE keeps old files readable. */
  storage: text('storage').notNull(),
  createdAt: createdAt(),
});

/** The PostgreSQL adapter's bytes, apart from the metadata so no query of blobs ever drags them along. */
export const mediaBlobData = pgTable('media_blob_data', {
  sha256: text('sha256')
    .primaryKey()
    .references(() => mediaBlobs.sha256, { onDelete: 'cascade' }),
  data: bytea('data').notNull(),
});

/**
 * The download queue, one row per received media message: claimed by the worker with SKIP LOCKED, retried
 * with backoff (lib/media/states.ts). `sha256` points at the stored blob once there is one.
 */
export const mediaDownloads = pgTable(
  'media_downloads',
  {
    messageId: fk('message_id')
      .primaryKey()
      .references(() => whatsappMessages.id, { onDelete: 'cascade' }),
    sessionId: fk('session_id')
      .notNull()
      .references(() => whatsappSessions.id, { onDelete: 'cascade' }),
    state: mediaState('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tsz('next_attempt_at').notNull().defaultNow(),
    error: text('error'),
    /** A person's "download anyway": the size limit does not apply to this item. */
    ignoreLimit: boolean('ignore_limit').notNull().default(false),
    sha256: text('sha256').references(() => mediaBlobs.sha256, { onDelete: 'set null' }),
    claimedBy: text('claimed_by'),
    claimedAt: tsz('claimed_at'),
    storedAt: tsz('stored_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('media_downloads_due_idx')
      .on(t.sessionId, t.nextAttemptAt, t.messageId)
      .where(sql`${t.state} = 'pending'`),
    index('media_downloads_sha256_idx').on(t.sha256),
    index('media_downloads_stored_idx').on(t.storedAt).where(sql`${t.state} = 'stored'`),
  ],
);

/**
 * Reactions to messages, one per sender and message (the latest wins; an empty emoji is a removal, kept so an
 * older reaction arriving late cannot come back). Keyed by the message's protocol id rather than our row id:
 * a reaction can arrive before the message it is on.
 */
export const whatsappReactions = pgTable(
  'whatsapp_reactions',
  {
    id: idColumn(),
    sessionId: fk('session_id')
      .notNull()
      .references(() => whatsappSessions.id, { onDelete: 'cascade' }),
    messageProtocolId: text('message_protocol_id').notNull(),
    messageFromMe: boolean('message_from_me').notNull(),
    /** Who reacted; `fromMe` reactions are ours (sender may then be our own wid or null). */
    senderWid: text('sender_wid').notNull(),
    fromMe: boolean('from_me').notNull(),
    emoji: text('emoji').notNull(),
    timestamp: tsz('timestamp').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('whatsapp_reactions_sender_uq').on(
      t.sessionId,
      t.messageProtocolId,
      t.messageFromMe,
      t.senderWid,
    ),
  ],
);
