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
 * Deletes blobs nothing needs any more, row then bytes (PostgreSQL or S3): no message still shows them (a
 * download `stored`, or one still to be fetched into it) and no send that may still read them is queued.
 * Limited to `sha256s` when given (a purged number's files) and to blobs stored or last reused more than
 * `olderThanSeconds` ago (`created_at`, moved on every reuse: store.put, knownBlob). The row is deleted by one
 * statement that checks all of that on the row it deletes, so a reuse that committed meanwhile keeps the
 * file; the bytes go after the commit (a failure then leaves bytes nothing points at, never a row without
 * bytes). Batches of `limit` until none is left or `maxBatches` ran; answers how many were deleted.
 */
export async function deleteUnreferencedBlobs(
  db: Db,
  input: {
    olderThanSeconds: number;
    sha256s?: string[];
    config?: StorageConfig;
    limit?: number;
    maxBatches?: number;
  },
): Promise<number> {
  if (input.sha256s?.length === 0) return 0;
  const sql = clientOf(db);
  const store = mediaStore(db, input.config);
  const limit = input.limit ?? 500;
  let deleted = 0;
  for (let batch = 0; batch < (input.maxBatches ?? 1); batch++) {
    const unused = sql`b.created_at < now() - make_interval(secs => ${input.olderThanSeconds})
      and not exists (select 1 from media_downloads d
        where d.sha256 = b.sha256 and d.state in ('stored', 'pending', 'downloading'))
      -- An upload of a file we have kept for long is stored once, under the old blob: a queued send needs it.
      and not exists (select 1 from whatsapp_commands c
        where c.kind = 'send_message' and c.status in ('pending', 'running', 'sending')
          and c.payload->'media'->>'sha256' = b.sha256)`;
    const rows = await sql<{ sha256: string; storage: string }[]>`
      delete from media_blobs b
      where b.sha256 in (
          select b.sha256 from media_blobs b
          where ${unused} ${input.sha256s ? sql`and b.sha256 = any(${input.sha256s}::text[])` : sql``}
          limit ${limit})
        and ${unused}
      returning b.sha256, b.storage`;
    for (const { sha256, storage } of rows) await store.removeBytes(sha256, storage);
    deleted += rows.length;
    if (rows.length < limit) break;
  }
  return deleted;
}
