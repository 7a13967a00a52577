import type { Db, Tx } from '../db';

/**
 * The files our number sends go through the same content-addressed media store as the ones it receives:
 * stored when the send is queued, read back by the worker when it sends. Placeholder until the store lands.
 */
export async function storeOutgoing(
  _db: Tx,
  _bytes: Buffer,
  _mimetype: string,
): Promise<{ sha256: string; size: number }> {
  throw new Error('the media store is not available yet');
}

export async function readOutgoing(_db: Db, _sha256: string): Promise<Buffer | null> {
  return null;
}
