import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappMessages, whatsappSessions } from '../lib/db/schema';
import { signatureHeaders } from '../lib/webhooks/signature';
import { acquireLease, ensureSession } from '../lib/whatsapp/sessions/lease';
import { call, errorOf, TEST_INBOUND_SECRET, useTestDbForRoutes } from './support/api';
import { createTestDb, type TestDb } from './support/db';

describe('inbound webhooks: replays and locally run sessions', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
  });
  afterAll(() => t.drop());

  it('refuses a captured request sent again inside the 5-minute window', async () => {
    const body = JSON.stringify({
      message: { id: '3EB0REPLAY1', chatId: '56911112222@c.us', body: 'Hola', timestamp: 1_767_000_000 },
    });
    const headers = { 'content-type': 'application/json', ...signatureHeaders(TEST_INBOUND_SECRET, body) };
    const first = await call('POST', '/api/v1/whatsapp/webhook/process-message/', { body, headers });
    expect(first.status).toBe(200);
    const replay = await call('POST', '/api/v1/whatsapp/webhook/process-message/', { body, headers });
    expect(replay.status).toBe(401);
    expect((await errorOf(replay)).error.details).toEqual({ reason: 'replayed' });
    expect(await t.db.select().from(whatsappMessages)).toHaveLength(1);
  });

  it('refuses a gateway QR for a session that a local worker holds', async () => {
    const session = await ensureSession(t.db, 'local-number');
    expect(await acquireLease(t.db, session.id, 'worker-1', 30)).toBe(true);
    const res = await call('POST', '/api/v1/whatsapp/webhook/qr/', {
      body: { session: 'local-number', qr: '2@gateway-qr' },
      sign: {},
    });
    expect(res.status).toBe(409);
    const [row] = await t.db.select().from(whatsappSessions).where(eq(whatsappSessions.name, 'local-number'));
    expect(row!.qr).toBeNull();
    // A number nobody runs here is the gateway's to report.
    const remote = await call('POST', '/api/v1/whatsapp/webhook/qr/', {
      body: { session: 'gateway-number', qr: '2@gateway-qr' },
      sign: {},
    });
    expect(remote.status).toBe(200);
  });
});
