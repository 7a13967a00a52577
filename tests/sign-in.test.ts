import { desc, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hitRateLimit, pruneRateLimits } from '../lib/auth/rate-limit';
import { attemptSignIn, clientIp, SIGN_IN_LIMITS } from '../lib/auth/sign-in';
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

  it('five failures from one address hold that address back, even with the right password', async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.pair.limit; i++)
      expect(
        await attemptSignIn(t.db, { email: 'carla@tuki.test', password: 'guess', ip: '192.0.2.10' }),
      ).toMatchObject({ reason: 'invalid' });
    await createUser(t.db, { email: 'carla@tuki.test', password: 'the-real-password', role: 'viewer' });
    const blocked = await attemptSignIn(t.db, {
      email: 'carla@tuki.test',
      password: 'the-real-password',
      ip: '192.0.2.10',
    });
    expect(blocked).toMatchObject({ ok: false, reason: 'rate_limited' });
    if (blocked.ok || blocked.reason !== 'rate_limited') throw new Error('unreachable');
    expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
    expect(blocked.retryAfterSeconds).toBeLessThanOrEqual(SIGN_IN_LIMITS.pair.windowSeconds);
    const [entry] = await auditFor('carla@tuki.test');
    expect(entry?.details).toMatchObject({ outcome: 'rate_limited', limit: 'pair' });
  });

  it('nobody can lock an account out: the right password from another address gets in', async () => {
    await createUser(t.db, { email: 'jefa@tuki.test', password: 'the-real-password', role: 'superadmin' });
    // An attacker keeps failing for the account, from one address and then from many.
    for (let i = 0; i < 10; i++)
      await attemptSignIn(t.db, { email: 'jefa@tuki.test', password: 'guess', ip: '198.51.100.66' });
    for (let i = 0; i < SIGN_IN_LIMITS.email.limit; i++)
      await attemptSignIn(t.db, { email: 'jefa@tuki.test', password: 'guess', ip: `198.51.100.${100 + i}` });
    expect(
      await attemptSignIn(t.db, {
        email: 'jefa@tuki.test',
        password: 'the-real-password',
        ip: '203.0.113.8',
      }),
    ).toMatchObject({ ok: true });
  });

  it('an account failing from many addresses slows every address down to one try a minute', async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.email.limit; i++)
      await attemptSignIn(t.db, { email: 'ana@tuki.test', password: 'guess', ip: `198.18.0.${i + 1}` });
    const ip = '198.18.1.1';
    expect(await attemptSignIn(t.db, { email: 'ana@tuki.test', password: 'guess', ip })).toMatchObject({
      reason: 'invalid',
    });
    expect(await attemptSignIn(t.db, { email: 'ana@tuki.test', password: 'guess', ip })).toMatchObject({
      reason: 'rate_limited',
    });
    // A fresh address with the right password is still let in.
    expect(
      await attemptSignIn(t.db, {
        email: 'ana@tuki.test',
        password: 'correct-horse-battery',
        ip: '198.18.1.2',
      }),
    ).toMatchObject({ ok: true });
  });

  it('a flood of refused attempts writes one audit row per limit, not one per attempt', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < SIGN_IN_LIMITS.pair.limit + 30; i++)
      await attemptSignIn(t.db, { email: 'flood@tuki.test', password: 'guess', ip });
    const entries = await auditFor('flood@tuki.test');
    expect(entries.filter((e) => (e.details as { outcome: string }).outcome === 'invalid')).toHaveLength(
      SIGN_IN_LIMITS.pair.limit,
    );
    // 30 refused attempts, which tripped both the pair and (at 20 attempts) the address limit: one row each.
    const refusals = entries.filter((e) => (e.details as { outcome: string }).outcome === 'rate_limited');
    expect(refusals.map((e) => (e.details as { limit: string }).limit).sort()).toEqual(['ip', 'pair']);
    for (const entry of refusals) expect(entry.details).toMatchObject({ refusedInWindow: 1 });
  });

  it('blocks an IP that tries many emails', async () => {
    const ip = '192.0.2.200';
    for (let i = 0; i < SIGN_IN_LIMITS.ip.limit; i++)
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
    for (let i = 0; i < SIGN_IN_LIMITS.pair.limit + 3; i++)
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

  it('reads the client address only from the header the web server sets, never X-Forwarded-For', () => {
    expect(clientIp(new Headers({ 'x-tuki-client-ip': '10.0.0.2' }))).toBe('10.0.0.2');
    expect(clientIp(new Headers({ 'x-forwarded-for': '1.1.1.1', 'x-real-ip': '10.0.0.3' }))).toBeNull();
  });
});
