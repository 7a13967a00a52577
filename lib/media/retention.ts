import type { Db } from '../db';
import { clientOf } from '../db';
import { mediaStore, type StorageConfig } from './store';

/**
 * MEDIA_RETENTION_DAYS: files of messages older than that many days lose their bytes; the message keeps its
 * metadata and thumbnail and shows the file as `purged`. A blob is deleted once no message that still shows it
 * points at it (the same file may also belong to a recent forward), no queued send needs it, and it is itself
 * older than the limit (a file just uploaded for a send is never taken). One bounded pass per call; 0 days keeps everything.
 */
export async function purgeExpiredMedia(
  db: Db,
  input: { days: number; config?: StorageConfig; limit?: number },
): Promise<{ purged: number; blobsDeleted: number }> {
  if (input.days <= 0) return { purged: 0, blobsDeleted: 0 };
  const sql = clientOf(db);
  const limit = input.limit ?? 500;
  const purged = await sql`
    update media_downloads d set state = 'purged', updated_at = now()
    where d.message_id in (
      select d2.message_id from media_downloads d2 join whatsapp_messages m on m.id = d2.message_id
      where d2.state = 'stored' and m.timestamp < now() - make_interval(days => ${input.days})
      limit ${limit})
    returning d.message_id`;
  const orphans = await sql<{ sha256: string }[]>`
    select b.sha256 from media_blobs b
    where b.created_at < now() - make_interval(days => ${input.days})
      and not exists (select 1 from media_downloads d
        where d.sha256 = b.sha256 and d.state in ('stored', 'pending', 'downloading'))
      -- An upload of a file we have kept for long is stored once, under the old blob: a queued send needs it.
      and not exists (select 1 from whatsapp_commands c
        where c.kind = 'send_message' and c.status in ('pending', 'running', 'sending')
          and c.payload->'media'->>'sha256' = b.sha256)
    limit ${limit}`;
  const store = mediaStore(db, input.config);
  for (const { sha256 } of orphans) await store.delete(sha256);
  return { purged: purged.length, blobsDeleted: orphans.length };
}
