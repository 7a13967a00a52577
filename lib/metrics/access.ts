import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Who may read metrics: whoever sends `Authorization: Bearer <METRICS_TOKEN>`. Without a configured token
 * nobody may (every request gets 401), so an unconfigured deployment exposes nothing.
 */
export type MetricsAccess = 'disabled' | 'denied' | 'allowed';

const digest = (value: string) => createHash('sha256').update(value).digest();

export function metricsAccess(
  authorization: string | null | undefined,
  token: string | undefined,
): MetricsAccess {
  if (!token) return 'disabled';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return 'denied';
  // Compare fixed-length digests: constant time whatever the length of the guess.
  return timingSafeEqual(digest(match[1]!), digest(token)) ? 'allowed' : 'denied';
}
