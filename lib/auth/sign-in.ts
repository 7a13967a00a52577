import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import type { Tx } from '../db';
import { hitRateLimit, refundRateLimit } from './rate-limit';
import { verifyCredentials } from './users';

/** Attempts per IP and per email address in one window (shared by all replicas). */
export const SIGN_IN_LIMIT = { limit: 5, windowSeconds: 60 } as const;

export type SignInOutcome =
  | { ok: true; user: NonNullable<Awaited<ReturnType<typeof verifyCredentials>>> }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

/**
 * One sign-in attempt, rate limited and audited. Every attempt counts against both the IP and the email
 * BEFORE the password is checked, so a burst of parallel guesses is capped too; a successful attempt gives its
 * hits back, so only failures accumulate. The outcome never says whether the email exists.
 */
export async function attemptSignIn(
  db: Tx,
  input: { email: unknown; password: unknown; ip?: string | null },
): Promise<SignInOutcome> {
  const email = typeof input.email === 'string' ? input.email.trim().toLowerCase().slice(0, 320) : '';
  const password = typeof input.password === 'string' ? input.password.slice(0, 200) : '';
  const ip = input.ip?.slice(0, 100) || 'unknown';
  const anonymous: Actor = { type: 'anonymous', label: email || undefined, ip };
  const keys = [`sign_in:ip:${ip}`, `sign_in:email:${email}`];

  const hits = await Promise.all(keys.map((key) => hitRateLimit(db, key, SIGN_IN_LIMIT)));
  const blocked = hits.filter((h) => !h.allowed);
  if (blocked.length > 0) {
    const retryAfterSeconds = Math.max(...blocked.map((h) => h.retryAfterSeconds));
    await audit(db, anonymous, email, 'rate_limited');
    return { ok: false, reason: 'rate_limited', retryAfterSeconds };
  }
  const user = email && password ? await verifyCredentials(db, email, password) : null;
  if (!user) {
    await audit(db, anonymous, email, 'invalid');
    return { ok: false, reason: 'invalid' };
  }
  await Promise.all(keys.map((key) => refundRateLimit(db, key)));
  await audit(db, { type: 'user', id: String(user.id), label: user.email, ip }, email, 'success');
  return { ok: true, user };
}

function audit(db: Tx, actor: Actor, email: string, outcome: 'success' | 'invalid' | 'rate_limited') {
  return recordAudit(db, {
    actor,
    action: outcome === 'success' ? 'auth.sign_in' : 'auth.sign_in_failed',
    targetType: 'user',
    targetId: actor.type === 'user' ? actor.id : undefined,
    details: { email, outcome },
  });
}

/**
 * The client address as the nearest proxy saw it: the LAST X-Forwarded-For entry. Next.js only sets the
 * header when it is absent, so without a proxy a client could write its own; with one proxy that appends
 * (nginx `$proxy_add_x_forwarded_for`), the last entry is the one the client cannot forge.
 */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get('x-forwarded-for');
  const last = forwarded?.split(',').at(-1)?.trim();
  return last || headers.get('x-real-ip') || null;
}
