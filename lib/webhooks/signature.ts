import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * One signing scheme for both directions (the gateway → us, us → subscribers):
 *
 *   X-Tuki-Timestamp: <unix seconds>
 *   X-Tuki-Signature: sha256=<hex HMAC-SHA256(secret, `${timestamp}.${rawBody}`)>
 *
 * The timestamp is inside the MAC, so a captured request cannot be replayed after the tolerance window.
 */
export const SIGNATURE_HEADER = 'x-tuki-signature';
export const TIMESTAMP_HEADER = 'x-tuki-timestamp';
export const EVENT_HEADER = 'x-tuki-event';
export const DELIVERY_HEADER = 'x-tuki-delivery';
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signBody(secret: string, timestamp: number | string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signatureHeaders(secret: string, body: string, now = new Date()): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: `sha256=${signBody(secret, timestamp, body)}`,
  };
}

export type SignatureProblem = 'missing' | 'malformed' | 'stale' | 'mismatch';

/**
 * Null when the request is authentic and fresh, else what is wrong with it. The comparison is constant-time
 * (both sides are 64 hex characters by the time they are compared), so response timing reveals nothing.
 */
export function checkSignature(input: {
  secret: string;
  body: string;
  timestamp: string | null;
  signature: string | null;
  now?: Date;
  toleranceSeconds?: number;
}): SignatureProblem | null {
  if (!input.timestamp || !input.signature) return 'missing';
  if (!/^\d{1,12}$/.test(input.timestamp)) return 'malformed';
  const given = input.signature.trim().replace(/^sha256=/, '');
  if (!/^[0-9a-f]{64}$/i.test(given)) return 'malformed';
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - Number(input.timestamp)) > (input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS))
    return 'stale';
  const expected = Buffer.from(signBody(input.secret, input.timestamp, input.body), 'hex');
  return timingSafeEqual(expected, Buffer.from(given.toLowerCase(), 'hex')) ? null : 'mismatch';
}
