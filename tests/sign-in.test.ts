import { desc, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hitRateLimit, pruneRateLimits } from '../lib/auth/rate-limit';
import { attemptSignIn, clientIp, SIGN_IN_LIMIT } from '../lib/auth/sign-in';
import { createUser } from '../lib/auth/users';
import { auditLog, rateLimits } from '../lib/db/schema';
import { createTestDb, type TestDb } from './support/db';

describe('sign-in attempts', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    await createUser(t.db, { email: 'ana@tuki.test', password: 'correct-horse-battery', role: 'superadmin' });
    await createUser(t.db, { email: 'beto@tuki.test', password: 'correct-horse-battery', role: 'viewer' });
  });
  afterAll(() => t.drop());

  const auditFor = (email: string) =>
    t.db
      .select()
      .from(auditLog)
      .where(like(auditLog.action, 'auth.%'))
      .orderBy(desc(auditLog.id))
      .then((rows) => rows.filter((r) => (r.details as { email?: string }).email === email));

  it('signs in with the right password and audits it with the user and IP', async () => {
    const outcome = await attemptSignIn(t.db, {
      email: 'ANA@tuki.test',
      password: 'correct-horse-battery',
      ip: '203.0.113.7',
    });
    expect(outcome).toMatchObject({ ok: true, user: { email: 'ana@tuki.test', role: 'superadmin' } });
    const [entry] = await auditFor('ana@tuki.test');
    expect(entry).toMatchObject({ action: 'auth.sign_in', actorType: 'user', ip: '203.0.113.7' });
    expect(JSON.stringify(entry)).not.toContain('correct-horse-battery');
  });

  it('gives the same answer for an unknown email, a wrong password and a disabled account', async () => {
    const unknown = await attemptSignIn(t.db, {
      email: 'nadie@tuki.test',
      password: 'x',
      ip: '198.51.100.1',
    });
    const wrong = await attemptSignIn(t.db, {
      email: 'beto@tuki.test',
      password: 'nope',
      ip: '198.51.100.2',
    });
    expect(unknown).toEqual({ ok: false, reason: 'invalid' });
    expect(wrong).toEqual({ ok: false, reason: 'invalid' });
    const [entry] = await auditFor('beto@tuki.test');
    expect(entry).toMatchObject({
      action: 'auth.sign_in_failed',
      actorType: 'anonymous',
      ip: '198.51.100.2',
    });
  });

  it('blocks an email after five failures in a minute, even with the right password and from new IPs', async () => {
    for (let i = 0; i < SIGN_IN_LIMIT.limit; i++)
      expect(
        await attemptSignIn(t.db, { email: 'victim@tuki.test', password: 'guess', ip: `192.0.2.${i + 1}` }),
      ).toMatchObject({ reason: 'invalid' });
    await createUser(t.db, { email: 'victim@tuki.test', password: 'the-real-password', role: 'viewer' });
    const blocked = await attemptSignIn(t.db, {
      email: 'victim@tuki.test',
      password: 'the-real-password',
      ip: '192.0.2.99',
    });
    expect(blocked).toMatchObject({ ok: false, reason: 'rate_limited' });
    if (blocked.ok || blocked.reason !== 'rate_limited') throw new Error('unreachable');
    expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
    expect(blocked.retryAfterSeconds).toBeLessThanOrEqual(SIGN_IN_LIMIT.windowSeconds);
    const [entry] = await auditFor('victim@tuki.test');
    expect(entry?.details).toMatchObject({ outcome: 'rate_limited' });
  });

  it('blocks an IP that tries many emails', async () => {
    const ip = '192.0.2.200';
    for (let i = 0; i < SIGN_IN_LIMIT.limit; i++)
      await attemptSignIn(t.db, { email: `spray${i}@tuki.test`, password: 'guess', ip });
    expect(
      await attemptSignIn(t.db, { email: 'ana@tuki.test', password: 'correct-horse-battery', ip }),
    ).toMatchObject({ ok: false, reason: 'rate_limited' });
    expect(
      await attemptSignIn(t.db, {
        email: 'ana@tuki.test',
        password: 'correct-horse-battery',
        ip: '192.0.2.201',
      }),
    ).toMatchObject({ ok: true });
  });

  it('successful sign-ins do not use up the allowance', async () => {
    for (let i = 0; i < SIGN_IN_LIMIT.limit + 3; i++)
      expect(
        await attemptSignIn(t.db, {
          email: 'beto@tuki.test',
          password: 'correct-horse-battery',
          ip: '192.0.2.50',
        }),
      ).toMatchObject({ ok: true });
  });

  it('counts concurrent hits exactly (the window is one atomic statement)', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => hitRateLimit(t.db, 'test:burst', { limit: 5, windowSeconds: 60 })),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect(Math.max(...results.map((r) => r.count))).toBe(20);
  });

  it('sweeps windows that ended long ago', async () => {
    await t.db
      .insert(rateLimits)
      .values({ key: 'test:old', windowStart: new Date(Date.now() - 2 * 3600_000), count: 3 });
    await hitRateLimit(t.db, 'test:fresh', { limit: 5, windowSeconds: 60 });
    await pruneRateLimits(t.db);
    const keys = (await t.db.select().from(rateLimits)).map((r) => r.key);
    expect(keys).toContain('test:fresh');
    expect(keys).not.toContain('test:old');
  });

  it('takes the client address from the last X-Forwarded-For entry', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '1.1.1.1, 10.0.0.2' }))).toBe('10.0.0.2');
    expect(clientIp(new Headers({ 'x-real-ip': '10.0.0.3' }))).toBe('10.0.0.3');
    expect(clientIp(new Headers())).toBeNull();
  });
});
