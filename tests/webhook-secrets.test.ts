import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookEndpoints } from '../lib/db/schema';
import { Invalid } from '../lib/errors';
import { deliverDueWebhooks } from '../lib/webhooks/deliver';
import {
  createWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  updateWebhookEndpoint,
} from '../lib/webhooks/endpoints';
import { enqueueWebhookEvent } from '../lib/webhooks/enqueue';
import { secretFingerprint } from '../lib/webhooks/secret-box';
import { checkSignature } from '../lib/webhooks/signature';
import { createTestDb, type TestDb } from './support/db';
import { LOOPBACK_RECEIVERS } from './support/webhook-receivers';

const CUSTOM = 'my-own-receiver-secret-0123';
const system = { type: 'system' as const };

describe('webhook endpoint secrets', () => {
  let t: TestDb;
  let server: Server;
  let url: string;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  beforeAll(async () => {
    process.env.WEBHOOK_SECRETS_KEY = 'key-for-webhook-secrets-at-rest-0123456789';
    t = await createTestDb();
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  });
  afterAll(async () => {
    server.close();
    await t.drop();
  });

  it('shows a short fingerprint of a custom secret, never part of the secret itself', async () => {
    const { endpoint } = await createWebhookEndpoint(
      t.db,
      { url, events: ['session.status'], secret: CUSTOM },
      system,
    );
    expect(endpoint.secretHint).toBe(secretFingerprint(CUSTOM));
    expect(endpoint.secretHint).toMatch(/^sha256:[0-9a-f]{8}$/);
    const listed = JSON.stringify(await listWebhookEndpoints(t.db));
    for (const part of [CUSTOM.slice(0, 6), CUSTOM.slice(-4)]) expect(listed).not.toContain(part);
  });

  it('keeps secrets encrypted at rest, and still signs with the real one', async () => {
    const [row] = await t.db.select().from(webhookEndpoints);
    expect(row!.secret.startsWith('enc:v1:')).toBe(true);
    expect(row!.secret).not.toContain(CUSTOM);
    await enqueueWebhookEvent(t.db, 'session.status', { status: 'ready' });
    await deliverDueWebhooks(t.db, { targetPolicy: LOOPBACK_RECEIVERS });
    const [hit] = received;
    expect(
      checkSignature({
        secret: CUSTOM,
        body: hit!.body,
        timestamp: String(hit!.headers['x-tuki-timestamp']),
        signature: String(hit!.headers['x-tuki-signature']),
      }),
    ).toBeNull();
  });

  it('moving an endpoint to another URL needs a new secret', async () => {
    const [row] = await t.db.select().from(webhookEndpoints);
    const id = row!.id;
    await expect(
      updateWebhookEndpoint(t.db, { id, url: 'https://elsewhere.example/hook' }, system),
    ).rejects.toBeInstanceOf(Invalid);
    expect((await getWebhookEndpoint(t.db, id)).url).toBe(url);
    const rotated = await updateWebhookEndpoint(
      t.db,
      { id, url: 'https://elsewhere.example/hook', rotateSecret: true },
      system,
    );
    expect(rotated).toMatchObject({
      url: 'https://elsewhere.example/hook',
      secret: expect.stringMatching(/^whsec_/),
    });
    const reentered = await updateWebhookEndpoint(
      t.db,
      { id, url: 'https://third.example/hook', secret: 'another-own-secret-456789' },
      system,
    );
    expect(reentered.secretHint).toBe(secretFingerprint('another-own-secret-456789'));
    // Same URL, other fields: no secret needed.
    await updateWebhookEndpoint(t.db, { id, url: 'https://third.example/hook', description: 'CRM' }, system);
  });
});
