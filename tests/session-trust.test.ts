import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, listApiKeys } from '../lib/auth/api-keys';
import { resetUserPassword, updateUser } from '../lib/auth/manage-users';
import { changeOwnPassword, signOutEverywhere } from '../lib/auth/own-account';
import { attemptSignIn } from '../lib/auth/sign-in';
import { apiKeys } from '../lib/db/schema';
import { Invalid } from '../lib/errors';
import { call, createUserWithCookie, useTestDbForRoutes } from './support/api';
import { createTestDb, type TestDb } from './support/db';
import { createSession } from './support/factories';

const STATUS = '/api/v1/superadmin/whatsapp/status/';
const system = { type: 'system' as const };

describe('sessions and keys end when trust does', () => {
  let t: TestDb;
  beforeAll(async () => {
    process.env.SSE_RECHECK_SECONDS = '1';
    t = await createTestDb();
    useTestDbForRoutes(t);
    await createSession(t.db, { name: 'default' });
  });
  afterAll(() => t.drop());

  const status = (cookie: string) => call('GET', STATUS, { cookie }).then((r) => r.status);

  it('a password reset ends the sessions signed in before it', async () => {
    const { user, cookie } = await createUserWithCookie(t.db, 'viewer');
    expect(await status(cookie)).toBe(200);
    await resetUserPassword(t.db, { id: user.id }, system);
    expect(await status(cookie)).toBe(401);
  });

  it('a disabled person stays signed out after being enabled again', async () => {
    const { user, cookie } = await createUserWithCookie(t.db, 'viewer');
    await updateUser(t.db, { id: user.id, disabled: true }, system);
    await updateUser(t.db, { id: user.id, disabled: false }, system);
    expect(await status(cookie)).toBe(401);
  });

  it('a demoted superadmin signs in again', async () => {
    const { user, cookie } = await createUserWithCookie(t.db, 'superadmin');
    await createUserWithCookie(t.db, 'superadmin');
    await updateUser(t.db, { id: user.id, role: 'viewer' }, system);
    expect(await status(cookie)).toBe(401);
  });

  it('"sign out everywhere" ends every session of the person, and only theirs', async () => {
    const { user, cookie } = await createUserWithCookie(t.db, 'viewer');
    const other = await createUserWithCookie(t.db, 'viewer');
    await signOutEverywhere(t.db, user.id, system);
    expect(await status(cookie)).toBe(401);
    expect(await status(other.cookie)).toBe(200);
  });

  it('a person changes their own password with the current one, and signs in with the new one', async () => {
    const { user, cookie } = await createUserWithCookie(t.db, 'viewer');
    const actor = { type: 'user' as const, id: String(user.id) };
    await expect(
      changeOwnPassword(
        t.db,
        user.id,
        { currentPassword: 'wrong', newPassword: 'a-new-password-456' },
        actor,
      ),
    ).rejects.toBeInstanceOf(Invalid);
    await expect(
      changeOwnPassword(
        t.db,
        user.id,
        { currentPassword: 'a-long-password-123', newPassword: 'short' },
        actor,
      ),
    ).rejects.toBeInstanceOf(Invalid);
    expect(await status(cookie)).toBe(200);
    await changeOwnPassword(
      t.db,
      user.id,
      { currentPassword: 'a-long-password-123', newPassword: 'a-new-password-456' },
      actor,
    );
    expect(await status(cookie)).toBe(401);
    const ip = '203.0.113.60';
    expect(
      await attemptSignIn(t.db, { email: user.email, password: 'a-long-password-123', ip }),
    ).toMatchObject({
      ok: false,
    });
    expect(
      await attemptSignIn(t.db, { email: user.email, password: 'a-new-password-456', ip }),
    ).toMatchObject({
      ok: true,
    });
  });

  it('closes a live stream once its session has ended', async () => {
    const { user, cookie } = await createUserWithCookie(t.db, 'superadmin');
    const res = await call('GET', '/api/events', { cookie });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('event: ready');
    await signOutEverywhere(t.db, user.id, system);
    // The next re-check (SSE_RECHECK_SECONDS=1 here) closes the stream: read() resolves with done.
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
    }
  });

  it('an API key can expire', async () => {
    const live = await createApiKey(t.db, { name: 'temporal', scope: 'read', expiresInDays: 1 }, system);
    expect(live.apiKey.expiresAt).not.toBeNull();
    expect((await call('GET', STATUS, { key: live.key })).status).toBe(200);
    const old = await createApiKey(t.db, { name: 'vencida', scope: 'read', expiresInDays: 1 }, system);
    await t.db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, old.apiKey.id));
    expect((await call('GET', STATUS, { key: old.key })).status).toBe(401);
  });

  it('a key stops working when its creator is no longer a superadmin, and the list says so', async () => {
    const creator = await createUserWithCookie(t.db, 'superadmin');
    await createUserWithCookie(t.db, 'superadmin');
    const { key, apiKey } = await createApiKey(
      t.db,
      { name: 'de Carla', scope: 'write' },
      { type: 'user', id: String(creator.user.id) },
    );
    expect((await call('GET', STATUS, { key })).status).toBe(200);
    await updateUser(t.db, { id: creator.user.id, role: 'viewer' }, system);
    expect((await call('GET', STATUS, { key })).status).toBe(401);
    const listed = (await listApiKeys(t.db)).items.find((k) => k.id === apiKey.id);
    expect(listed).toMatchObject({ creatorLostAccess: true, revokedAt: null });
  });
});
