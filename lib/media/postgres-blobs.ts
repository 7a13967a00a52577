import { Readable } from 'node:stream';
import { clientOf, type Db } from '../db';
import type { BlobAdapter } from './store';

/** Read a piece at a time: a 16 MB video served to a player never sits whole in the web process. */
const CHUNK = 1024 * 1024;

/**
 * Bytes in PostgreSQL (`media_blob_data`, stored uncompressed out of line: see the migration), so `npm start` on
 * the embedded database and several web replicas need nothing else. Ranges are read with `substring`, which
 * fetches only the TOAST chunks they cover.
 */
export function postgresBlobs(db: Db): BlobAdapter {
  const sql = clientOf(db);
  return {
    name: 'postgres',
    async write(sha256, bytes, mimetype) {
      // One transaction: the metadata row never exists without its bytes.
      await sql.begin(async (tx) => {
        await tx`insert into media_blobs (sha256, size, mimetype, storage)
          values (${sha256}, ${bytes.length}, ${mimetype}, 'postgres') on conflict (sha256) do nothing`;
        await tx`insert into media_blob_data (sha256, data) values (${sha256}, ${bytes})
          on conflict (sha256) do nothing`;
      });
    },
    async read(sha256, _size, range) {
      async function* pieces() {
        for (let at = range.start; at <= range.end; at += CHUNK) {
          const length = Math.min(CHUNK, range.end - at + 1);
          const [row] = await sql<{ piece: Buffer }[]>`
            select substring(data from ${at + 1}::int for ${length}::int) as piece
            from media_blob_data where sha256 = ${sha256}`;
          if (!row) throw new Error(`media ${sha256} has no bytes`);
          yield row.piece;
        }
      }
      return Readable.from(pieces(), { objectMode: false });
    },
    async remove(sha256) {
      await sql`delete from media_blob_data where sha256 = ${sha256}`;
    },
  };
}
