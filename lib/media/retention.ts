import type { Db } from '../db';
import { clientOf } from '../db';
import { deleteUnreferencedBlobs, UPLOAD_GRACE_SECONDS } from './orphans';
import type { StorageConfig } from './store';

/**
 * MEDIA_RETENTION_DAYS: files of messages older than that many days lose their bytes; the message keeps its
 * metadata and thumbnail and shows the file as `purged`. A blob is deleted once no message that still shows it
 * points at it (the same file may also belong to a recent forward), no queued send needs it, and it is itself
 * older than the limit (a file just uploaded for a send is never taken). One bounded pass per call. 0 days keeps
 * every message's file, and deletes only uploads whose send was never queued (an enqueue refused or failed
 * after the file was stored), once UPLOAD_GRACE_SECONDS have passed.
 */
export async function purgeExpiredMedia(
  db: Db,
  input: { days: number; config?: StorageConfig; limit?: number },
): Promise<{ purged: number; blobsDeleted: number }> {
  if (input.days <= 0) {
    // Keeping every message's file still leaves nothing to keep of an upload whose send was never queued.
    const blobsDeleted = await deleteUnreferencedBlobs(db, {
      olderThanSeconds: UPLOAD_GRACE_SECONDS,
      config: input.config,
      limit: input.limit,
    });
    return { purged: 0, blobsDeleted };
  }
  const sql = clientOf(db);
  const limit = input.limit ?? 500;
  const purged = await sql`
    update media_downloads d set state = 'purged', updated_at = now()
    where d.message_id in (
      select d2.message_id from media_downloads d2 join whatsapp_messages m on m.id = d2.message_id
      where d2.state = 'stored' and m.timestamp < now() - make_interval(days => ${input.days})
      limit ${limit})
    returning d.message_id`;
  const blobsDeleted = await deleteUnreferencedBlobs(db, {
    olderThanSeconds: input.days * 86_400,
    config: input.config,
    limit,
  });
  return { purged: purged.length, blobsDeleted };
}
