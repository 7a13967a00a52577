import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { type Config, getConfig } from '../config';
import { clientOf, type Db } from '../db';
import { postgresBlobs } from './postgres-blobs';

/**
 * Where received and sent files live: content-addressed by the SHA-256 of their bytes (the same receipt
 * forwarded ten times is stored once), with their metadata in `media_blobs` and their bytes in one of two
 * adapters. New files go to the adapter MEDIA_STORAGE names; each blob remembers its adapter, so files stored
 * before a switch stay readable.
 */
export interface MediaStore {
  /** Content-addressed and idempotent: putting the same bytes again changes nothing. */
  put(bytes: Buffer, meta: { mimetype: string }): Promise<{ sha256: string; size: number; mimetype: string }>;
  /**
   * The bytes (all, or `start`..`end` inclusive), as a stream read a piece at a time; `size` is the whole
   * file's. Null when there is no such blob.
   */
  get(
    sha256: string,
    range?: { start: number; end: number },
  ): Promise<{ stream: Readable; size: number; mimetype: string } | null>;
  /** Deletes the bytes and the metadata. */
  delete(sha256: string): Promise<void>;
  /** Deletes the bytes of a blob whose row is already deleted (`storage` as the row said). */
  removeBytes(sha256: string, storage: string): Promise<void>;
}

/** One place bytes can be kept (`media_blobs.storage` names it). */
export interface BlobAdapter {
  readonly name: 'postgres' | 's3';
  write(sha256: string, bytes: Buffer, mimetype: string): Promise<void>;
  read(sha256: string, size: number, range: { start: number; end: number }): Promise<Readable>;
  remove(sha256: string): Promise<void>;
}

export type StorageConfig = Pick<
  Config,
  | 'MEDIA_STORAGE'
  | 'S3_BUCKET'
  | 'S3_REGION'
  | 'S3_ENDPOINT'
  | 'S3_ACCESS_KEY_ID'
  | 'S3_SECRET_ACCESS_KEY'
  | 'S3_FORCE_PATH_STYLE'
  | 'S3_PREFIX'
>;

const CLAIMED_MEDIA = /^(image|audio|video)\//;

/**
 * What the bytes are. A sender's claim of an image, audio or video the bytes do not bear out is not believed
 * (an HTML page labelled image/png must never be served as an image); other claims (text, vCards, office
 * files file-type cannot tell apart) are kept, and the media route serves them as attachments.
 */
const MIME_TOKEN = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

export async function sniffMimetype(bytes: Buffer, claimed: string): Promise<string> {
  // Loaded on first use: most worker processes never store a file before their first media message.
  const { fileTypeFromBuffer } = await import('file-type');
  const sniffed = await fileTypeFromBuffer(bytes.subarray(0, 4100)).catch(() => undefined);
  if (sniffed) return sniffed.mime;
  const base = claimed.split(';')[0]!.trim().toLowerCase();
  // A claim that is not a plain type/subtype (control characters, spaces…) would break the Content-Type header.
  if (!MIME_TOKEN.test(base) || CLAIMED_MEDIA.test(base)) return 'application/octet-stream';
  return base;
}

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const adapters = new Map<string, Promise<BlobAdapter>>();

async function adapterFor(db: Db, name: string, config: StorageConfig): Promise<BlobAdapter> {
  if (name === 'postgres') return postgresBlobs(db);
  // One S3 client per configuration (it keeps its connection pool); the SDK is loaded only when S3 is used,
  // so a worker on the PostgreSQL store does not carry it in memory.
  const key = JSON.stringify([config.S3_BUCKET, config.S3_ENDPOINT, config.S3_REGION, config.S3_PREFIX]);
  let adapter = adapters.get(key);
  if (!adapter) {
    adapter = import('./s3-blobs').then(({ s3Blobs }) => s3Blobs(config));
    adapter.catch(() => adapters.delete(key));
    adapters.set(key, adapter);
  }
  return adapter;
}

export function mediaStore(db: Db, config: StorageConfig = getConfig()): MediaStore {
  const sql = clientOf(db);
  const blobOf = async (sha256: string) => {
    const [row] = await sql<{ size: string; mimetype: string; storage: string }[]>`
      select size, mimetype, storage from media_blobs where sha256 = ${sha256}`;
    return row ? { size: Number(row.size), mimetype: row.mimetype, storage: row.storage } : undefined;
  };
  return {
    async put(bytes, meta) {
      const sha256 = sha256Of(bytes);
      // A file stored before counts as new for the sweep of unused files (see knownBlob in downloads.ts).
      const [known] = await sql<{ size: string; mimetype: string }[]>`
        update media_blobs set created_at = now() where sha256 = ${sha256} returning size, mimetype`;
      if (known) return { sha256, size: Number(known.size), mimetype: known.mimetype };
      const mimetype = await sniffMimetype(bytes, meta.mimetype);
      const adapter = await adapterFor(db, config.MEDIA_STORAGE, config);
      // Bytes first (the PostgreSQL adapter writes the row with them), then the row that makes them visible:
      // a crash in between leaves unreferenced bytes that the next put of the same file overwrites, never a row
      // without bytes.
      await adapter.write(sha256, bytes, mimetype);
      await sql`insert into media_blobs (sha256, size, mimetype, storage)
        values (${sha256}, ${bytes.length}, ${mimetype}, ${adapter.name}) on conflict (sha256) do nothing`;
      return { sha256, size: bytes.length, mimetype };
    },
    async get(sha256, range) {
      const blob = await blobOf(sha256);
      if (!blob) return null;
      const whole = { start: 0, end: blob.size - 1 };
      const wanted = range ?? whole;
      if (wanted.start < 0 || wanted.end >= blob.size || wanted.start > wanted.end) {
        throw new RangeError(`range ${wanted.start}-${wanted.end} outside 0-${blob.size - 1}`);
      }
      const stream = await (await adapterFor(db, blob.storage, config)).read(sha256, blob.size, wanted);
      return { stream, size: blob.size, mimetype: blob.mimetype };
    },
    async removeBytes(sha256, storage) {
      await (await adapterFor(db, storage, config)).remove(sha256);
    },
    async delete(sha256) {
      const blob = await blobOf(sha256);
      if (!blob) return;
      await (await adapterFor(db, blob.storage, config)).remove(sha256);
      await sql`delete from media_blobs where sha256 = ${sha256}`;
    },
  };
}
