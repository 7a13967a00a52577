import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import type { Tx } from '../db';
import { CLIENT_IP_HEADER } from '../net/client-ip';
import { hitRateLimit, type RateLimitResult, refundRateLimit } from './rate-limit';
import { verifyCredentials } from './users';
import { WorkBusy } from './work-limiter';

/**
 * Failed sign-ins allowed per window (shared by all replicas through `rate_limits`):
 *   pair  — one address guessing one account;
 *   ip    — one address trying many accounts;
 *   email — an account failing from many addresses. Past it, each address gets `pairUnderAttack` tries a
 *           minute for that account instead of `pair.limit`: guessing slows down everywhere, and the owner,
 *           from an address that has not failed, still gets in with the right password.
 * Nothing counts against the account alone, so nobody can lock someone else out by failing on purpose.
 */
export const SIGN_IN_LIMITS = {
  pair: { limit: 5, windowSeconds: 60 },
  ip: { limit: 20, windowSeconds: 60 },
  email: { limit: 20, windowSeconds: 15 * 60 },
  pairUnderAttack: 1,
} as const;

/** A refused attempt writes an audit row only when a window starts refusing, then once per this many. */
const AUDIT_EVERY_REFUSED = 100;

export type SignInOutcome =
  | { ok: true; user: NonNullable<Awaited<ReturnType<typeof verifyCredentials>>> }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

/**
 * One sign-in attempt, rate limited and audited. The attempt counts against its address and its
 * (account, address) pair BEFORE the password is checked, so a burst of parallel guesses is capped too; a
 * successful attempt gives those hits back. The account's own failure count only shrinks the pair allowance.
 * The outcome never says whether the email exists.
 */
export async function attemptSignIn(
  db: Tx,
  input: { email: unknown; password: unknown; ip?: string | null },
): Promise<SignInOutcome> {
  const email = typeof input.email === 'string' ? input.email.trim().toLowerCase().slice(0, 320) : '';
  const password = typeof input.password === 'string' ? input.password.slice(0, 200) : '';
  const ip = input.ip?.slice(0, 100) || 'unknown';
  const anonymous: Actor = { type: 'anonymous', label: email || undefined, ip };
  const keys = {
    ip: `sign_in:ip:${ip}`,
    pair: `sign_in:pair:${ip}|${email}`,
    email: `sign_in:email:${email}`,
  };

  // cost 0 reads the account's failures in the current window without adding to them.
  const emailFailures = await hitRateLimit(db, keys.email, { ...SIGN_IN_LIMITS.email, cost: 0 });
  const pairLimit = emailFailures.allowed ? SIGN_IN_LIMITS.pair.limit : SIGN_IN_LIMITS.pairUnderAttack;
  const [ipHit, pairHit] = await Promise.all([
    hitRateLimit(db, keys.ip, SIGN_IN_LIMITS.ip),
    hitRateLimit(db, keys.pair, { ...SIGN_IN_LIMITS.pair, limit: pairLimit }),
  ]);
  const refused = [
    { scope: 'ip' as const, hit: ipHit, limit: SIGN_IN_LIMITS.ip.limit },
    { scope: 'pair' as const, hit: pairHit, limit: pairLimit },
  ].filter((r) => !r.hit.allowed);
  if (refused.length > 0) {
    await auditRefusals(db, anonymous, email, refused);
    return {
      ok: false,
      reason: 'rate_limited',
      retryAfterSeconds: Math.max(...refused.map((r) => r.hit.retryAfterSeconds)),
    };
  }

  const refund = () => Promise.all([refundRateLimit(db, keys.ip), refundRateLimit(db, keys.pair)]);
  let user: Awaited<ReturnType<typeof verifyCredentials>>;
  try {
    user = email && password ? await verifyCredentials(db, email, password) : null;
  } catch (error) {
    // Too many password checks already queued in this process: not the caller's failure, nothing counted.
    if (!(error instanceof WorkBusy)) throw error;
    await refund();
    return { ok: false, reason: 'rate_limited', retryAfterSeconds: 1 };
  }
  if (!user) {
    await hitRateLimit(db, keys.email, SIGN_IN_LIMITS.email);
    await audit(db, anonymous, email, 'invalid');
    return { ok: false, reason: 'invalid' };
  }
  await refund();
  await audit(db, { type: 'user', id: String(user.id), label: user.email, ip }, email, 'success');
  return { ok: true, user };
}

function audit(db: Tx, actor: Actor, email: string, outcome: 'success' | 'invalid') {
  return recordAudit(db, {
    actor,
    action: outcome === 'success' ? 'auth.sign_in' : 'auth.sign_in_failed',
    targetType: 'user',
    targetId: actor.type === 'user' ? actor.id : undefined,
    details: { email, outcome },
  });
}

/**
 * A flood of refused attempts must not become a flood of audit rows: one row when a window starts refusing,
 * then one per AUDIT_EVERY_REFUSED more, each saying how many were refused so far in that window.
 */
async function auditRefusals(
  db: Tx,
  actor: Actor,
  email: string,
  refused: { scope: 'ip' | 'pair'; hit: RateLimitResult; limit: number }[],
) {
  for (const { scope, hit, limit } of refused) {
    const refusedSoFar = hit.count - limit;
    if (refusedSoFar !== 1 && refusedSoFar % AUDIT_EVERY_REFUSED !== 0) continue;
    await recordAudit(db, {
      actor,
      action: 'auth.sign_in_failed',
      targetType: 'user',
      details: { email, outcome: 'rate_limited', limit: scope, refusedInWindow: refusedSoFar },
    });
  }
}

/**
 * The client address as the web server worked it out (lib/net/client-ip.ts: the socket address, or the
 * `X-Forwarded-For` entry that TRUSTED_PROXIES vouches for). Never read from `X-Forwarded-For` here: without
 * a proxy in front, the client writes that header itself.
 */
export function clientIp(headers: Headers): string | null {
  return headers.get(CLIENT_IP_HEADER) || null;
}
