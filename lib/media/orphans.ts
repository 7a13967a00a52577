import type { Db } from '../db';
import { clientOf } from '../db';
import { mediaStore, type StorageConfig } from './store';

/**
 * How long an upload may wait for its send to be queued. The file is stored before the command exists (the
 * store writes on its own connection), so a blob nothing refers to yet may be a send on its way; one older
 * than this whose enqueue failed (a 409 idempotency conflict, a database error, a crash in between) is an
 * orphan.
 */
export const UPLOAD_GRACE_SECONDS = 3600;

/**
 * Deletes blobs nothing needs any more, bytes (PostgreSQL or S3) and row: no message still shows them (a
 * download `stored`, or one still to be fetched into it) and no send that may still read them is queued.
 * Limited to `sha256s` when given (a purged number's files) and to blobs created more than `olderThanSeconds`
 * ago. One bounded pass; answers how many were deleted.
 */
export async function deleteUnreferencedBlobs(
  db: Db,
  input: { olderThanSeconds: number; sha256s?: string[]; config?: StorageConfig; limit?: number },
): Promise<number> {
  if (input.sha256s?.length === 0) return 0;
  const sql = clientOf(db);
  const orphans = await sql<{ sha256: string }[]>`
    select b.sha256 from media_blobs b
    where b.created_at < now() - make_interval(secs => ${input.olderThanSeconds})
      ${input.sha256s ? sql`and b.sha256 in ${sql(input.sha256s)}` : sql``}
      and not exists (select 1 from media_downloads d
        where d.sha256 = b.sha256 and d.state in ('stored', 'pending', 'downloading'))
      -- An upload of a file we have kept for long is stored once, under the old blob: a queued send needs it.
      and not exists (select 1 from whatsapp_commands c
        where c.kind = 'send_message' and c.status in ('pending', 'running', 'sending')
          and c.payload->'media'->>'sha256' = b.sha256)
    limit ${input.limit ?? 500}`;
  const store = mediaStore(db, input.config);
  for (const { sha256 } of orphans) await store.delete(sha256);
  return orphans.length;
}
