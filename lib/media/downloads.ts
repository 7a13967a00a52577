import { sql as q } from 'drizzle-orm';
import type { Sql, Tx } from '../db';
import { publish } from '../events/notify';
import { MEDIA_RETRY_BACKOFF_MS, type MediaState } from './states';

/** A claimed download: what the worker needs to fetch the file and judge it. */
export interface ClaimedDownload {
  messageId: number;
  sessionId: number;
  chatId: number;
  chatWaId: string;
  protocolId: string;
  serializedId: string;
  attempts: number;
  ignoreLimit: boolean;
  mimetype: string | null;
  filename: string | null;
  size: number | null;
  filehash: string | null;
}

/**
 * Claims the oldest due download of a session: FOR UPDATE SKIP LOCKED, like the outbox (lib/commands/claim.ts),
 * so two workers or two lanes of one worker never take the same file.
 */
export async function claimDownload(
  sql: Sql,
  sessionId: number,
  owner: string,
): Promise<ClaimedDownload | undefined> {
  const [row] = await sql<(Omit<ClaimedDownload, 'size'> & { size: string | null })[]>`
    with claimed as (
      update media_downloads set state = 'downloading', attempts = attempts + 1, claimed_by = ${owner},
        claimed_at = now(), updated_at = now()
      where message_id = (
        select message_id from media_downloads
        where session_id = ${sessionId} and state = 'pending' and next_attempt_at <= now()
        order by next_attempt_at, message_id
        for update skip locked
        limit 1)
      returning message_id, session_id, attempts, ignore_limit)
    select c.message_id::int8 as "messageId", c.session_id::int8 as "sessionId", m.chat_id::int8 as "chatId",
      ch.wa_id as "chatWaId", m.protocol_id as "protocolId", m.serialized_id as "serializedId",
      c.attempts, c.ignore_limit as "ignoreLimit", m.media_mimetype as mimetype, m.media_filename as filename,
      m.media_size as size, m.media_filehash as filehash
    from claimed c join whatsapp_messages m on m.id = c.message_id join whatsapp_chats ch on ch.id = m.chat_id`;
  if (!row) return undefined;
  return {
    ...row,
    messageId: Number(row.messageId),
    sessionId: Number(row.sessionId),
    chatId: Number(row.chatId),
    size: row.size === null ? null : Number(row.size),
  };
}

export type DownloadOutcome =
  | { state: 'stored'; sha256: string }
  | { state: 'too_large' | 'expired'; error: string }
  /** A failure worth retrying: pending again after the backoff, or `failed` after the last attempt. */
  | { state: 'failed'; error: string }
  /** Not the file's fault (the client went away): back in the queue, the attempt not counted. */
  | { state: 'pending'; error: string };

/**
 * Moves a claimed download on, in the caller's transaction (the `message.media_stored` webhook goes in the
 * same one), and tells the dashboard the message changed. Returns the state it is in now.
 */
export async function finishDownload(
  db: Tx,
  download: Pick<ClaimedDownload, 'messageId' | 'sessionId' | 'chatId' | 'attempts'>,
  outcome: DownloadOutcome,
): Promise<MediaState> {
  const retryIn =
    outcome.state === 'failed'
      ? MEDIA_RETRY_BACKOFF_MS[download.attempts - 1]
      : outcome.state === 'pending'
        ? 0
        : null;
  const state: MediaState =
    outcome.state === 'failed' ? (retryIn === undefined ? 'failed' : 'pending') : outcome.state;
  await db.execute(q`
    update media_downloads set state = ${state}::media_state,
      sha256 = ${outcome.state === 'stored' ? outcome.sha256 : null},
      error = ${'error' in outcome ? outcome.error : null},
      stored_at = case when ${state} = 'stored' then now() end,
      attempts = case when ${outcome.state === 'pending'} then greatest(attempts - 1, 0) else attempts end,
      next_attempt_at = now() + make_interval(secs => ${(retryIn ?? 0) / 1000}),
      claimed_by = null, updated_at = now()
    where message_id = ${download.messageId}`);
  await publish(db, { type: 'messages', sessionId: download.sessionId, chatIds: [download.chatId] });
  return state;
}

/**
 * Downloads a dead worker left mid-flight go back to the queue. Only the lease holder runs downloads, so none
 * of them is live; the attempt they used is not counted.
 */
export async function releaseOrphanedDownloads(sql: Sql, sessionId: number, owner: string): Promise<number> {
  const rows = await sql`
    update media_downloads set state = 'pending', attempts = greatest(attempts - 1, 0), claimed_by = null,
      next_attempt_at = now(), updated_at = now()
    where session_id = ${sessionId} and state = 'downloading' and claimed_by is distinct from ${owner}
    returning message_id`;
  return rows.length;
}

/**
 * Whether WhatsApp's filehash names bytes we already keep: then the file is stored without a download. A
 * reuse counts as new for the sweep of unused files (lib/media/orphans.ts): the blob's `created_at` is
 * moved to now, so a sweep running meanwhile leaves it (it re-checks the age on the row it deletes).
 */
export async function knownBlob(sql: Sql, sha256: string | null): Promise<boolean> {
  if (!sha256) return false;
  const [row] = await sql`update media_blobs set created_at = now() where sha256 = ${sha256} returning 1`;
  return Boolean(row);
}
