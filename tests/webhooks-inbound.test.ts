import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappMessages, whatsappSessions } from '../lib/db/schema';
import { checkSignature, signBody } from '../lib/webhooks/signature';
import { call, errorOf, TEST_INBOUND_SECRET, useTestDbForRoutes } from './support/api';
import { withClockOffset } from './support/clock';
import { createTestDb, type TestDb } from './support/db';

describe('inbound webhooks from a WhatsApp gateway', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
  });
  afterAll(() => t.drop());

  const MESSAGE = '/api/v1/whatsapp/webhook/process-message/';
  const message = (id: string, body = 'Hola, quiero reservar RES-ABC123') => ({
    id: `false_56911112222@c.us_${id}`,
    chatId: '56911112222@c.us',
    body,
    timestamp: 1_767_000_000,
  });
  const countMessages = async () => (await t.db.select().from(whatsappMessages)).length;

  it('stores a signed message through the ingest path, once, however often it is delivered', async () => {
    const res = await call('POST', MESSAGE, { body: { message: message('3EB0AAA1') }, sign: {} });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, session: 'default', received: 1, stored: 1 });
    const again = await call('POST', MESSAGE, {
      body: { messages: [message('3EB0AAA1'), message('3EB0AAA2', 'segundo')] },
      sign: {},
    });
    expect(await again.json()).toMatchObject({ received: 2, stored: 1 });
    const rows = await t.db.select().from(whatsappMessages).orderBy(whatsappMessages.id);
    expect(rows.map((r) => r.protocolId)).toEqual(['3EB0AAA1', '3EB0AAA2']);
    expect(rows[0]).toMatchObject({
      fromMe: false,
      senderWid: '56911112222@c.us',
      body: 'Hola, quiero reservar RES-ABC123',
      source: 'live',
      processedAt: null, // left for the worker's processors, like any message the worker stored itself
    });
  });

  it('refuses unsigned, forged, stale and re-signed-with-another-secret requests, storing nothing', async () => {
    const before = await countMessages();
    const body = { message: message('3EB0BAD1') };
    const cases: [string, Parameters<typeof call>[2]][] = [
      ['unsigned', { body }],
      ['wrong secret', { body, sign: { secret: 'another-secret-that-is-long-enough-0123456789' } }],
      ['stale', { body, sign: { now: new Date(Date.now() - 6 * 60_000) } }],
      ['from the future', { body, sign: { now: new Date(Date.now() + 6 * 60_000) } }],
      [
        'garbage signature',
        {
          body,
          headers: {
            'x-tuki-timestamp': String(Math.floor(Date.now() / 1000)),
            'x-tuki-signature': 'sha256=zz',
          },
        },
      ],
    ];
    for (const [name, options] of cases) {
      const res = await call('POST', MESSAGE, options);
      expect(res.status, name).toBe(401);
      expect((await errorOf(res)).error.code, name).toBe('unauthorized');
    }
    // A body changed after signing (a man in the middle adding a message).
    const ts = Math.floor(Date.now() / 1000);
    const signed = JSON.stringify(body);
    const tampered = JSON.stringify({ messages: [message('3EB0BAD1'), message('3EB0BAD2')] });
    const res = await call('POST', MESSAGE, {
      body: tampered,
      headers: {
        'x-tuki-timestamp': String(ts),
        'x-tuki-signature': `sha256=${signBody(TEST_INBOUND_SECRET, ts, signed)}`,
      },
    });
    expect(res.status).toBe(401);
    expect(await countMessages()).toBe(before);
  });

  it('checks signatures in constant form: hex case and the sha256= prefix do not matter, length does', () => {
    const body = '{"a":1}';
    const now = new Date('2026-01-01T00:00:00Z');
    const ts = String(Math.floor(now.getTime() / 1000));
    const mac = signBody('s'.repeat(32), ts, body);
    const check = (signature: string, at = now) =>
      checkSignature({ secret: 's'.repeat(32), body, timestamp: ts, signature, now: at });
    expect(check(`sha256=${mac}`)).toBeNull();
    expect(check(mac.toUpperCase())).toBeNull();
    expect(check(mac.slice(0, 63))).toBe('malformed');
    expect(check(`${mac.slice(0, 63)}0` === mac ? `${mac.slice(0, 63)}1` : `${mac.slice(0, 63)}0`)).toBe(
      'mismatch',
    );
    expect(check(mac, new Date(now.getTime() + 301_000))).toBe('stale');
    expect(check(mac, new Date(now.getTime() + 299_000))).toBeNull();
  });

  it('validates signed bodies: 422 with field errors, 400 for non-JSON, nothing stored', async () => {
    const before = await countMessages();
    const invalid = await call('POST', MESSAGE, { body: { message: { id: '', chatId: 'nope' } }, sign: {} });
    expect(invalid.status).toBe(422);
    const notJson = await call('POST', MESSAGE, { body: '{"message":', sign: {} });
    expect(notJson.status).toBe(400);
    expect(await countMessages()).toBe(before);
  });

  it('updates the session from status and QR webhooks', async () => {
    const qr = await call('POST', '/api/v1/whatsapp/webhook/qr/', {
      body: { session: 'gateway', qr: '2@abc,def', ttlSeconds: 30 },
      sign: {},
    });
    expect(qr.status).toBe(200);
    let [session] = await t.db.select().from(whatsappSessions).where(eq(whatsappSessions.name, 'gateway'));
    expect(session).toMatchObject({ status: 'qr', qr: '2@abc,def' });

    const status = await call('POST', '/api/v1/whatsapp/webhook/status/', {
      body: { session: 'gateway', status: 'connected', phone: '+56911112222', pushName: 'Tuki' },
      sign: {},
    });
    expect(status.status).toBe(200);
    [session] = await t.db.select().from(whatsappSessions).where(eq(whatsappSessions.name, 'gateway'));
    expect(session).toMatchObject({ status: 'ready', mePhone: '56911112222', pushName: 'Tuki', qr: null });

    const unknown = await call('POST', '/api/v1/whatsapp/webhook/status/', {
      body: { session: 'gateway', status: 'exploded' },
      sign: {},
    });
    expect(unknown.status).toBe(422);
  });

  it('times a gateway QR and a local worker’s lease by the database clock, not the web host’s', async () => {
    const QR = '/api/v1/whatsapp/webhook/qr/';
    const ahead = 10 * 60_000;
    // The host's clock is 10 minutes ahead: a 30 s TTL still ends 30 s after the database's now.
    const res = await withClockOffset(ahead, () =>
      call('POST', QR, { body: { session: 'skewed-gateway', qr: '2@ttl', ttlSeconds: 30 }, sign: {} }),
    );
    expect(res.status).toBe(200);
    const [row] = await t.sql<{ left: number }[]>`
      select extract(epoch from qr_expires_at - now())::float8 as left
      from whatsapp_sessions where name = 'skewed-gateway'`;
    expect(row!.left).toBeGreaterThan(20);
    expect(row!.left).toBeLessThanOrEqual(30);
    // A local worker that renewed its lease a moment ago (database time) still owns the number.
    await t.sql`update whatsapp_sessions set lease_owner = 'host:1', lease_expires_at = now() + interval '30 seconds'
      where name = 'skewed-gateway'`;
    const refused = await withClockOffset(ahead, () =>
      call('POST', QR, { body: { session: 'skewed-gateway', qr: '2@other' }, sign: {} }),
    );
    expect(refused.status).toBe(409);
  });

  it('is disabled (401) when no secret is configured', async () => {
    const { getConfig } = await import('../lib/config');
    const config = getConfig();
    const previous = config.INBOUND_WEBHOOK_SECRET;
    // getConfig caches: blank the cached value for this one request.
    (config as { INBOUND_WEBHOOK_SECRET?: string }).INBOUND_WEBHOOK_SECRET = undefined;
    try {
      const res = await call('POST', MESSAGE, { body: { message: message('3EB0OFF1') }, sign: {} });
      expect(res.status).toBe(401);
      expect((await errorOf(res)).error.message).toMatch(/INBOUND_WEBHOOK_SECRET/);
    } finally {
      (config as { INBOUND_WEBHOOK_SECRET?: string }).INBOUND_WEBHOOK_SECRET = previous;
    }
  });
});
