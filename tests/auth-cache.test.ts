import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_RATE_LIMIT, apiKeyLimitKey, revokeApiKey } from '../lib/auth/api-keys';
import { AuthCache } from '../lib/auth/auth-cache';
import { updateUser } from '../lib/auth/manage-users';
import { createUser } from '../lib/auth/users';
import type { DbHandle } from '../lib/db';
import * as schema from '../lib/db/schema';
import { rateLimits } from '../lib/db/schema';
import { RateLimited, Unauthorized } from '../lib/errors';
import type { AuthChange } from '../lib/events/notify';
import { createKey } from './support/api';
import { createTestDb, type TestDb } from './support/db';

/**
 * Two caches on two pools stand for two web replicas. Their entries live for an hour here, so only the pushed
 * change (NOTIFY) can make one of them forget: what these tests pin is that the push works.
 */
describe('auth cache across processes', () => {
  let t: TestDb;
  const handles: DbHandle[] = [];
  const caches: AuthCache[] = [];

  /** A replica's cache (listening), the statements its pool sent, and a way to wait for the next change it hears of. */
  async function replica() {
    const queries: string[] = [];
    const sql = postgres(t.url, { max: 2, onnotice: () => {}, debug: (_id, query) => queries.push(query) });
    const handle = { sql, db: drizzle(sql, { schema }), close: () => sql.end({ timeout: 5 }) };
    let heard: ((change: AuthChange) => void) | undefined;
    const cache = new AuthCache(handle, {
      ttlMs: 3_600_000,
      flushMs: 3_600_000,
      onChange: (c) => heard?.(c),
    });
    handles.push(handle);
    caches.push(cache);
    expect(await cache.ready()).toBe(true);
    await sql`select 1`; // connection setup (postgres.js reads the type catalogue once) is not a request's cost
    const nextChange = () => new Promise<AuthChange>((resolve) => (heard = resolve));
    return { cache, nextChange, queries };
  }

  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    for (const cache of caches) await cache.close();
    for (const handle of handles) await handle.close();
    await t.drop();
  });

  it('a key costs one statement on its first request and none while cached', async () => {
    const other = await replica();
    const { key, apiKey } = await createKey(t.db, 'read');
    const before = other.queries.length;
    expect((await other.cache.apiKey(key)).id).toBe(apiKey.id);
    expect(other.queries.length - before).toBe(1);
    for (let i = 0; i < 5; i++) await other.cache.apiKey(key);
    expect(other.queries.length - before).toBe(1);
  });

  it('a key revoked elsewhere gets 401 on the next request once the change arrives', async () => {
    const other = await replica();
    const { key, apiKey } = await createKey(t.db, 'read');
    expect((await other.cache.apiKey(key)).id).toBe(apiKey.id);
    expect((await other.cache.apiKey(key)).id).toBe(apiKey.id); // now served from memory
    const heard = other.nextChange();
    await revokeApiKey(t.db, { id: apiKey.id }, { type: 'system' });
    expect(await heard).toEqual({ type: 'auth_changed', kind: 'api_key', id: apiKey.id });
    await expect(other.cache.apiKey(key)).rejects.toBeInstanceOf(Unauthorized);
  });

  it('a demotion or a disable elsewhere applies to the next request once the change arrives', async () => {
    const other = await replica();
    const admin = await createUser(t.db, {
      email: 'keeper@tuki.test',
      password: 'a-long-password-1',
      role: 'superadmin',
    });
    const user = await createUser(t.db, {
      email: 'demoted@tuki.test',
      password: 'a-long-password-2',
      role: 'superadmin',
    });
    expect((await other.cache.user(String(user.id)))?.role).toBe('superadmin');
    const actor = { type: 'user' as const, id: String(admin.id) };

    let heard = other.nextChange();
    await updateUser(t.db, { id: user.id, role: 'viewer' }, actor);
    await heard;
    expect((await other.cache.user(String(user.id)))?.role).toBe('viewer');

    heard = other.nextChange();
    await updateUser(t.db, { id: user.id, disabled: true }, actor);
    await heard;
    expect(await other.cache.user(String(user.id))).toBeNull();
  });

  it('hits counted in memory by one replica count against the limit on another after a flush', async () => {
    const first = await replica();
    const second = await replica();
    const { key, apiKey } = await createKey(t.db, 'read');
    await t.db.insert(rateLimits).values({
      key: apiKeyLimitKey(apiKey.id),
      windowStart: new Date(),
      count: API_KEY_RATE_LIMIT.limit - 3,
    });
    for (let i = 0; i < 3; i++) await first.cache.apiKey(key); // the last allowed three
    await expect(first.cache.apiKey(key)).rejects.toBeInstanceOf(RateLimited);
    await first.cache.flush();
    const [row] = await t.db
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, apiKeyLimitKey(apiKey.id)));
    expect(row!.count).toBe(API_KEY_RATE_LIMIT.limit + 1);
    await expect(second.cache.apiKey(key)).rejects.toBeInstanceOf(RateLimited);
  });
});
