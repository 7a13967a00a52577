import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../lib/settings/schema';
import { getSettings } from '../lib/settings/settings';
import { call, createKey, createUserWithCookie, errorOf, useTestDbForRoutes } from './support/api';
import { createTestDb, type TestDb } from './support/db';

const URL = '/api/v1/superadmin/settings/';

describe('settings API', () => {
  let t: TestDb;
  let writeKey: string;
  let readKey: string;
  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    writeKey = (await createKey(t.db, 'write')).key;
    readKey = (await createKey(t.db, 'read')).key;
  });
  afterAll(() => t.drop());

  it('reads the merged settings with any credential, and refuses anonymous callers', async () => {
    const res = await call('GET', URL, { key: readKey });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(DEFAULT_SETTINGS);
    const viewer = await createUserWithCookie(t.db, 'viewer');
    expect((await call('GET', URL, { cookie: viewer.cookie })).status).toBe(200);
    const anonymous = await call('GET', URL);
    expect(anonymous.status).toBe(401);
    expect((await errorOf(anonymous)).error.code).toBe('unauthorized');
  });

  it('refuses a change from a viewer or a read key with 403 and changes nothing', async () => {
    const viewer = await createUserWithCookie(t.db, 'viewer');
    const asViewer = await call('PATCH', URL, {
      cookie: viewer.cookie,
      body: { notifyAckTimeoutSeconds: 30 },
    });
    expect(asViewer.status).toBe(403);
    expect((await errorOf(asViewer)).error.code).toBe('forbidden');
    const asReadKey = await call('PATCH', URL, { key: readKey, body: { notifyAckTimeoutSeconds: 30 } });
    expect(asReadKey.status).toBe(403);
    expect((await getSettings(t.db)).notifyAckTimeoutSeconds).toBe(DEFAULT_SETTINGS.notifyAckTimeoutSeconds);
  });

  it('refuses an unusable code pattern with 422, the reason per field, and keeps the old one', async () => {
    for (const codePattern of ['RES-(', 'x*']) {
      const res = await call('PATCH', URL, { key: writeKey, body: { codePattern } });
      expect(res.status, codePattern).toBe(422);
      const { error } = await errorOf(res);
      expect(error.code).toBe('invalid');
      const details = error.details as { fieldErrors: Record<string, string[]> };
      expect(details.fieldErrors.codePattern?.[0]).toMatch(/regular expression/);
    }
    expect((await getSettings(t.db)).codePattern).toBe(DEFAULT_SETTINGS.codePattern);
  });

  it('refuses unknown keys, unknown placeholders and out-of-range numbers', async () => {
    const unknownKey = await call('PATCH', URL, { key: writeKey, body: { theme: 'dark' } });
    expect(unknownKey.status).toBe(422);
    const placeholder = await call('PATCH', URL, {
      key: writeKey,
      body: { notificationTemplate: 'Nueva reserva {codigo}' },
    });
    expect(placeholder.status).toBe(422);
    const details = (await errorOf(placeholder)).error.details as { fieldErrors: Record<string, string[]> };
    expect(details.fieldErrors.notificationTemplate?.[0]).toContain('{codigo}');
    const pace = await call('PATCH', URL, { key: writeKey, body: { sendingPace: { globalPerMinute: 0 } } });
    expect(pace.status).toBe(422);
    const notJson = await call('PATCH', URL, {
      key: writeKey,
      body: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
  });

  it('stores a valid change and answers with all settings after it', async () => {
    const superadmin = await createUserWithCookie(t.db, 'superadmin');
    const res = await call('PATCH', URL, {
      cookie: superadmin.cookie,
      body: {
        codePattern: String.raw`\bTK-\d{4}\b`,
        replyConfirmedTemplate: 'Listo {customerName}, reserva {code} confirmada.',
        sendingPace: { jitterMs: 500 },
      },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      codePattern: String.raw`\bTK-\d{4}\b`,
      replyConfirmedTemplate: 'Listo {customerName}, reserva {code} confirmada.',
      sendingPace: { ...DEFAULT_SETTINGS.sendingPace, jitterMs: 500 },
      notificationTemplate: DEFAULT_SETTINGS.notificationTemplate,
    });
    expect(await getSettings(t.db)).toEqual(body);
    const reread = await call('GET', URL, { key: readKey });
    expect(await reread.json()).toEqual(body);
  });
});
