import type { Db } from '../db';
import { mediaStore } from './store';

/**
 * The bytes of a file queued for sending, read back from the media store by their hash (the library takes
 * the whole file at once); null when the file is gone (purged).
 */
export async function readOutgoing(db: Db, sha256: string): Promise<Buffer | null> {
  const found = await mediaStore(db).get(sha256);
  if (!found) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of found.stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
