import { eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_KEY_RATE_LIMIT, hashApiKey, listApiKeys, revokeApiKey } from '../lib/auth/api-keys';
import { updateUser } from '../lib/auth/manage-users';
import { apiKeys, auditLog, rateLimits, users } from '../lib/db/schema';
import { Conflict, Invalid } from '../lib/errors';
import {
  call,
  createKey,
  createUserWithCookie,
  errorOf,
  TEST_AUTH_SECRET,
  useTestDbForRoutes,
} from './support/api';
import { createTestDb, type TestDb } from './support/db';
import { createSession } from './support/factories';

describe('API authentication and authorization', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    await createSession(t.db, { name: 'default' });
  });
  afterAll(() => t.drop());

  const STATUS = '/api/v1/superadmin/whatsapp/status/';
  const SYNC = '/api/v1/superadmin/whatsapp/sync/';

  it('refuses anonymous requests with 401 and the error shape', async () => {
    const res = await call('GET', STATUS);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect((await errorOf(res)).error.code).toBe('unauthorized');
  });

  it('refuses a malformed or unknown bearer value without falling back to the cookie', async () => {
    const { cookie } = await createUserWithCookie(t.db, 'superadmin');
    for (const authorization of ['Basic abc', 'Bearer', 'Bearer tuki_nope', 'Bearer a b']) {
      const res = await call('GET', STATUS, { cookie, headers: { authorization } });
      expect(res.status, authorization).toBe(401);
    }
  });

  it('a read key reads but cannot change anything; a write key can', async () => {
    const read = await createKey(t.db, 'read');
    const write = await createKey(t.db, 'write');
    expect((await call('GET', STATUS, { key: read.key })).status).toBe(200);
    const refused = await call('POST', SYNC, { key: read.key });
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).error.code).toBe('forbidden');
    expect((await call('GET', '/api/v1/superadmin/whatsapp/qr/', { key: read.key })).status).toBe(403);
    expect((await call('POST', SYNC, { key: write.key })).status).toBe(202);
    expect((await call('GET', '/api/v1/superadmin/whatsapp/qr/', { key: write.key })).status).toBe(200);
  });

  it('stores only a hash and a prefix, and records when a key was last used', async () => {
    const { key, apiKey } = await createKey(t.db, 'read');
    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(row!.keyHash).toBe(hashApiKey(key));
    expect(JSON.stringify(row)).not.toContain(key);
    expect(key.startsWith(row!.prefix)).toBe(true);
    expect(row!.lastUsedAt).toBeNull();
    await call('GET', STATUS, { key });
    const [used] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(used!.lastUsedAt).not.toBeNull();
    const listed = await listApiKeys(t.db);
    expect(JSON.stringify(listed)).not.toContain(row!.keyHash);
  });

  it('a revoked key gets 401 on its very next request', async () => {
    const { key, apiKey } = await createKey(t.db, 'write');
    expect((await call('GET', STATUS, { key })).status).toBe(200);
    await revokeApiKey(t.db, { id: apiKey.id }, { type: 'system' });
    expect((await call('GET', STATUS, { key })).status).toBe(401);
  });

  it('rate limits a key with 429 and Retry-After, without affecting other keys', async () => {
    const busy = await createKey(t.db, 'read');
    const other = await createKey(t.db, 'read');
    // The window already holds the limit's worth of requests, as after a burst.
    await t.db.insert(rateLimits).values({
      key: `api_key:${busy.apiKey.id}`,
      windowStart: new Date(),
      count: API_KEY_RATE_LIMIT.limit,
    });
    const limited = await call('GET', STATUS, { key: busy.key });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await errorOf(limited)).error.code).toBe('rate_limited');
    expect((await call('GET', STATUS, { key: other.key })).status).toBe(200);
  });

  it('a viewer reads with a session but gets 403 on every change', async () => {
    const { cookie } = await createUserWithCookie(t.db, 'viewer');
    expect((await call('GET', STATUS, { cookie })).status).toBe(200);
    const res = await call('POST', SYNC, { cookie });
    expect(res.status).toBe(403);
    expect((await call('GET', '/api/v1/superadmin/whatsapp/qr/', { cookie })).status).toBe(403);
    expect((await call('GET', '/api/v1/superadmin/users/', { cookie })).status).toBe(403);
  });

  it('user and key management is for signed-in superadmins only, never API keys', async () => {
    const write = await createKey(t.db, 'write');
    const res = await call('POST', '/api/v1/superadmin/api-keys/', {
      key: write.key,
      body: { name: 'escalation', scope: 'write' },
    });
    expect(res.status).toBe(403);
    expect((await call('GET', '/api/v1/superadmin/users/', { key: write.key })).status).toBe(403);
  });

  it('a demotion or a disable applies to the next request, not when the cookie expires', async () => {
    const admin = await createUserWithCookie(t.db, 'superadmin');
    const other = await createUserWithCookie(t.db, 'superadmin');
    expect((await call('POST', SYNC, { cookie: other.cookie })).status).toBe(202);
    await updateUser(
      t.db,
      { id: other.user.id, role: 'viewer' },
      { type: 'user', id: String(admin.user.id) },
    );
    // A demotion ends the person's sessions: they sign in again, as a viewer.
    expect((await call('POST', SYNC, { cookie: other.cookie })).status).toBe(401);
    await updateUser(
      t.db,
      { id: other.user.id, disabled: true },
      { type: 'user', id: String(admin.user.id) },
    );
    expect((await call('GET', STATUS, { cookie: other.cookie })).status).toBe(401);
  });

  it('a session token stops working when it expires, though it was accepted (and remembered) just before', async () => {
    const { user } = await createUserWithCookie(t.db, 'superadmin');
    const token = await encode({
      token: { uid: String(user.id), role: 'superadmin', sub: String(user.id), sv: 0 },
      secret: TEST_AUTH_SECRET,
      salt: 'authjs.session-token',
      maxAge: 2,
    });
    const cookie = `authjs.session-token=${token}`;
    expect((await call('GET', STATUS, { cookie })).status).toBe(200);
    expect((await call('GET', STATUS, { cookie })).status).toBe(200);
    // Past the expiry and Auth.js's 15 s clock tolerance: only the clock moves (the database's does not matter).
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 20_000 });
    try {
      expect((await call('GET', STATUS, { cookie })).status).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });

  it('accepts a session cookie Auth.js split into chunks, and refuses a tampered one', async () => {
    const { cookie } = await createUserWithCookie(t.db, 'superadmin');
    const token = cookie.slice('authjs.session-token='.length);
    const half = Math.floor(token.length / 2);
    const chunked = `locale=es; authjs.session-token.0=${token.slice(0, half)}; authjs.session-token.1=${token.slice(half)}`;
    expect((await call('GET', STATUS, { cookie: chunked })).status).toBe(200);
    // Auth.js joins every cookie named after the session's: a stray chunk beside a valid (and remembered)
    // token makes a token that does not decrypt, cached or not.
    expect((await call('GET', STATUS, { cookie })).status).toBe(200);
    expect((await call('GET', STATUS, { cookie: `${cookie}; authjs.session-token.0=junk` })).status).toBe(
      401,
    );
    const flipped = token.slice(0, -3) + (token.at(-3) === 'A' ? 'B' : 'A') + token.slice(-2);
    expect((await call('GET', STATUS, { cookie: `authjs.session-token=${flipped}` })).status).toBe(401);
  });

  it('refuses a cookie-authenticated change from another origin', async () => {
    const { cookie } = await createUserWithCookie(t.db, 'superadmin');
    const res = await call('POST', SYNC, {
      cookie,
      headers: { origin: 'https://evil.example', host: 'localhost' },
    });
    expect(res.status).toBe(403);
    const same = await call('POST', SYNC, {
      cookie,
      headers: { origin: 'http://localhost', host: 'localhost' },
    });
    expect(same.status).toBe(202);
  });

  it('refuses a cookie-authenticated change that says nothing of its origin', async () => {
    const { cookie } = await createUserWithCookie(t.db, 'superadmin');
    const bare = await call('POST', SYNC, { cookie, omitOrigin: true });
    expect(bare.status).toBe(403);
    const fetchMetadata = await call('POST', SYNC, {
      cookie,
      omitOrigin: true,
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(fetchMetadata.status).toBe(202);
    const crossSite = await call('POST', SYNC, {
      cookie,
      omitOrigin: true,
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
  });

  it('manages users through the API: create, demote, reset password; all audited', async () => {
    const admin = await createUserWithCookie(t.db, 'superadmin');
    const created = await call('POST', '/api/v1/superadmin/users/', {
      cookie: admin.cookie,
      body: { email: 'Nueva.Viewer@Tuki.test', role: 'viewer' },
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { user: { id: number; email: string }; generatedPassword: string };
    expect(body.user.email).toBe('nueva.viewer@tuki.test');
    expect(body.generatedPassword.length).toBeGreaterThanOrEqual(12);
    expect(JSON.stringify(body)).not.toMatch(/passwordHash|argon2/);

    const duplicate = await call('POST', '/api/v1/superadmin/users/', {
      cookie: admin.cookie,
      body: { email: 'nueva.viewer@tuki.test' },
    });
    expect(duplicate.status).toBe(409);

    const promoted = await call('PATCH', `/api/v1/superadmin/users/${body.user.id}/`, {
      cookie: admin.cookie,
      body: { role: 'superadmin' },
    });
    expect(promoted.status).toBe(200);
    expect(await promoted.json()).toMatchObject({ role: 'superadmin' });

    const reset = await call('POST', `/api/v1/superadmin/users/${body.user.id}/password/`, {
      cookie: admin.cookie,
    });
    expect(reset.status).toBe(200);
    expect(((await reset.json()) as { generatedPassword: string }).generatedPassword).toBeTruthy();

    const actions = await t.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.targetId, String(body.user.id)));
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['user.create', 'user.update', 'user.password_reset']),
    );
  });

  it('nobody demotes themselves, and the last superadmin stays one', async () => {
    await t.db.update(users).set({ role: 'viewer' });
    const solo = await createUserWithCookie(t.db, 'superadmin');
    const self = { type: 'user' as const, id: String(solo.user.id) };
    await expect(updateUser(t.db, { id: solo.user.id, role: 'viewer' }, self)).rejects.toBeInstanceOf(
      Invalid,
    );
    await expect(
      updateUser(t.db, { id: solo.user.id, disabled: true }, { type: 'system' }),
    ).rejects.toBeInstanceOf(Conflict);
    const res = await call('PATCH', `/api/v1/superadmin/users/${solo.user.id}/`, {
      cookie: solo.cookie,
      body: { role: 'viewer' },
    });
    expect(res.status).toBe(422);
  });

  it('creates a key through the API once and lists it without the key', async () => {
    const admin = await createUserWithCookie(t.db, 'superadmin');
    const res = await call('POST', '/api/v1/superadmin/api-keys/', {
      cookie: admin.cookie,
      body: { name: 'Marketplace', scope: 'write' },
    });
    expect(res.status).toBe(201);
    const { key, apiKey } = (await res.json()) as { key: string; apiKey: { id: number; prefix: string } };
    expect((await call('GET', STATUS, { key })).status).toBe(200);
    const list = await call('GET', '/api/v1/superadmin/api-keys/', { cookie: admin.cookie });
    const text = await list.text();
    expect(text).toContain(apiKey.prefix);
    expect(text).not.toContain(key);
    const revoked = await call('DELETE', `/api/v1/superadmin/api-keys/${apiKey.id}/`, {
      cookie: admin.cookie,
    });
    expect(revoked.status).toBe(200);
    expect((await call('GET', STATUS, { key })).status).toBe(401);
  });
});
