/**
 * Where a received file is. `pending` waits for its (next) attempt; `downloading` is claimed by a worker;
 * `stored` has its bytes in the media store; `too_large` is over MEDIA_MAX_MB and waits for a person's
 * "download anyway"; `expired` is gone from WhatsApp's servers (the library answered nothing); `failed` ran
 * out of attempts; `purged` had its bytes deleted by the retention setting (the metadata stays).
 */
export const MEDIA_STATES = [
  'pending',
  'downloading',
  'stored',
  'too_large',
  'expired',
  'failed',
  'purged',
] as const;
export type MediaState = (typeof MEDIA_STATES)[number];

/** Waits before attempt 2, 3, 4 and 5; after the last one the item is `failed` until a person retries it. */
export const MEDIA_RETRY_BACKOFF_MS = [60_000, 600_000, 3_600_000, 21_600_000] as const;

/** WhatsApp's `filehash` is the base64 SHA-256 of the decrypted file: the key of our content-addressed store. */
export function sha256OfFilehash(filehash: string | null | undefined): string | null {
  if (!filehash) return null;
  const bytes = Buffer.from(filehash, 'base64');
  return bytes.length === 32 ? bytes.toString('hex') : null;
}
