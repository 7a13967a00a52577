import { createHash } from 'node:crypto';
import { getToken } from 'next-auth/jwt';
import type { Actor } from '../audit/actor';
import type { ApiKeyScope } from '../auth/api-keys';
import { processAuthCache } from '../auth/auth-cache';
import { type ActiveUser, sessionUser } from '../auth/current-user';
import { clientIp } from '../auth/sign-in';
import { Forbidden, Unauthorized } from '../errors';

/** Who is calling: a signed-in person (session cookie) or a machine (API key). */
export type Principal =
  | { kind: 'user'; user: ActiveUser; ip: string | null }
  | { kind: 'api_key'; key: { id: number; name: string; scope: ApiKeyScope }; ip: string | null };

/**
 * What a route needs:
 *   read  — any signed-in user or API key;
 *   write — a superadmin or a `write` key (changes state, or reveals a credential such as the QR);
 *   admin — a signed-in superadmin only (people, API keys): a leaked key must not mint more keys or users.
 */
export type Access = 'read' | 'write' | 'admin';

const SESSION_COOKIES = ['__Secure-authjs.session-token', 'authjs.session-token'] as const;

/**
 * The session cookie's value when it is the only cookie Auth.js would read for `name` (its SessionStore joins
 * every cookie whose name starts with it: `name.0`, `name.1`…); null when there is none, and `chunked` when
 * there are several, which are then decrypted every time rather than remembered under a key that might not
 * be what Auth.js reassembles.
 */
function plainCookie(header: string, name: string): string | null | 'chunked' {
  let found: string | null = null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || !part.slice(0, eq).trim().startsWith(name)) continue;
    const value = part.slice(eq + 1).trim();
    if (!value) continue;
    if (found !== null || part.slice(0, eq).trim() !== name) return 'chunked';
    found = value;
  }
  return found;
}

type Claims = { uid: unknown; sv: unknown };

/**
 * Decrypted session tokens, by a hash of their exact text, for a minute at most and never past the token's own expiry.
 * Decrypting one (key derivation + JWE) was about half of a signed-in request's CPU; what it yields is a pure
 * function of the text, so remembering it changes nothing a token can do. Whether its user may still act is
 * not cached here: that is the auth cache's re-check below, which a demotion or a disable clears at once.
 */
const decoded = new Map<string, { claims: Claims; until: number }>();
const DECODED_MAX = 2000;
const DECODED_TTL_MS = 60_000;

function remember(token: string, claims: Claims, expSeconds: unknown): void {
  const now = Date.now();
  const exp = typeof expSeconds === 'number' ? expSeconds * 1000 : now;
  const until = Math.min(now + DECODED_TTL_MS, exp);
  if (until <= now) return;
  if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value as string);
  decoded.set(token, { claims, until });
}

/** The user id and session version a session cookie carries (null: no valid cookie). */
async function sessionClaims(request: Request): Promise<Claims | null> {
  const cookie = request.headers.get('cookie') ?? '';
  const secret = process.env.AUTH_SECRET;
  if (!secret) return null;
  for (const name of SESSION_COOKIES) {
    const value = plainCookie(cookie, name);
    if (value === null) continue;
    const key =
      value === 'chunked' ? null : createHash('sha256').update(`${name}=${value}`).digest('base64url');
    const hit = key === null ? undefined : decoded.get(key);
    if (hit && hit.until > Date.now()) return hit.claims;
    // Auth.js splits large cookies into `name.0`, `name.1`…; getToken reassembles them.
    const token = await getToken({
      req: { headers: request.headers },
      secret,
      cookieName: name,
      secureCookie: name.startsWith('__Secure-'),
      salt: name,
    });
    const claims = token?.uid ? { uid: token.uid, sv: token.sv } : null;
    // Only valid tokens are remembered: a bad one costs its sender the decryption every time.
    if (claims && key !== null) remember(key, claims, token?.exp);
    return claims;
  }
  return null;
}

/**
 * Authenticates a route handler's request. An `Authorization` header must be a valid API key (it never falls
 * back to the cookie: a client that sends a wrong key wants to know). A session cookie is decoded here, not
 * through Next's request context, and its user re-read through the process's auth cache (lib/auth/auth-cache.ts:
 * a revocation, demotion or disable still applies to the next request).
 */
export async function authenticate(request: Request): Promise<Principal> {
  const ip = clientIp(request.headers);
  const authorization = request.headers.get('authorization');
  if (authorization !== null) {
    const [scheme, token, extra] = authorization.trim().split(/\s+/);
    if (scheme?.toLowerCase() !== 'bearer' || !token || extra !== undefined)
      throw new Unauthorized('Send the API key as "Authorization: Bearer <key>".', {
        reason: 'bearer_format',
      });
    return { kind: 'api_key', key: await processAuthCache().apiKey(token), ip };
  }
  const claims = await sessionClaims(request);
  const user = claims === null ? null : sessionUser(await processAuthCache().user(claims.uid), claims.sv);
  if (!user) throw new Unauthorized();
  return { kind: 'user', user, ip };
}

export function authorize(principal: Principal, access: Access): void {
  if (access === 'read') return;
  if (principal.kind === 'user') {
    if (!mayWrite(principal))
      throw new Forbidden('Your account can only read; ask a superadmin for this change.', {
        reason: 'read_only_account',
      });
    return;
  }
  if (access === 'admin')
    throw new Forbidden('This needs a signed-in superadmin; API keys cannot manage users or keys.', {
      reason: 'admin_only',
    });
  if (!mayWrite(principal))
    throw new Forbidden('This API key has read scope only.', { reason: 'read_scope' });
}

/** Whether this caller holds `write` access: what may see a credential inside an answer readable with `read`. */
export function mayWrite(principal: Principal): boolean {
  return principal.kind === 'user' ? principal.user.role === 'superadmin' : principal.key.scope === 'write';
}

export function actorOf(principal: Principal): Actor {
  const ip = principal.ip ?? undefined;
  return principal.kind === 'user'
    ? { type: 'user', id: String(principal.user.id), label: principal.user.email, ip }
    : { type: 'api_key', id: String(principal.key.id), label: `key:${principal.key.name}`, ip };
}

/**
 * Cookie-authenticated changes must come from our own pages. SameSite=Lax already keeps cross-site form
 * posts from carrying the cookie; this also refuses a cross-origin fetch that somehow does, and a request
 * that says nothing about where it comes from (every current browser sends Origin on these methods, or at
 * least `Sec-Fetch-Site`).
 */
export function checkSameOrigin(principal: Principal, request: Request): void {
  if (principal.kind !== 'user' || ['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
  const origin = request.headers.get('origin');
  if (!origin) {
    if (request.headers.get('sec-fetch-site') === 'same-origin') return;
    throw new Forbidden('Cross-site request refused: the request carries neither Origin nor Sec-Fetch-Site.');
  }
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new Forbidden('Cross-site request refused.', { reason: 'cross_site' });
  }
  if (originHost !== host) throw new Forbidden('Cross-site request refused.', { reason: 'cross_site' });
}
