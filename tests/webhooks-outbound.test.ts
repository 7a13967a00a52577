import { createServer, type IncomingMessage, type Server } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { webhookDeliveries, webhookEndpoints } from '../lib/db/schema';
import { processStoredMessages } from '../lib/reservations/process-messages';
import { deliverDueWebhooks, MAX_DELIVERY_ATTEMPTS, retryDelayMs } from '../lib/webhooks/deliver';
import { getDelivery, replayDelivery } from '../lib/webhooks/deliveries';
import { createWebhookEndpoint, updateWebhookEndpoint } from '../lib/webhooks/endpoints';
import { enqueueWebhookEvent } from '../lib/webhooks/enqueue';
import { enqueueMessageReceivedEvents } from '../lib/webhooks/events';
import { checkSignature } from '../lib/webhooks/signature';
import { withClockOffset } from './support/clock';
import { createTestDb, type TestDb } from './support/db';
import { createMessage } from './support/factories';
import { requestScenario } from './support/pipeline';
import { LOOPBACK_RECEIVERS } from './support/webhook-receivers';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

describe('outbound webhooks', () => {
  let t: TestDb;
  let server: Server;
  let url: string;
  const received: Received[] = [];
  let answer = 200;
  const system = { type: 'system' as const };
  // The receivers here are on loopback, which the product refuses unless a deployment allows it.
  const local = { targetPolicy: LOOPBACK_RECEIVERS };

  beforeAll(async () => {
    t = await createTestDb();
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(answer).end(answer === 200 ? 'ok' : 'receiver is down');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  });
  afterAll(async () => {
    server.close();
    await t.drop();
  });
  beforeEach(async () => {
    received.length = 0;
    answer = 200;
    await t.db.delete(webhookEndpoints);
  });

  it('queues one delivery per active endpoint subscribed to the event', async () => {
    await createWebhookEndpoint(t.db, { url, events: ['message.received'] }, system);
    await createWebhookEndpoint(t.db, { url, events: ['session.status', 'message.received'] }, system);
    await createWebhookEndpoint(t.db, { url, events: ['session.status'] }, system);
    const paused = await createWebhookEndpoint(t.db, { url, events: ['message.received'] }, system);
    await updateWebhookEndpoint(t.db, { id: paused.endpoint.id, active: false }, system);
    expect(await enqueueWebhookEvent(t.db, 'message.received', { hello: 'world' })).toBe(2);
  });

  it('POSTs a signed body with a stable delivery id that the receiver can verify', async () => {
    const { secret } = await createWebhookEndpoint(t.db, { url, events: ['session.status'] }, system);
    await enqueueWebhookEvent(t.db, 'session.status', { status: 'ready' });
    const result = await deliverDueWebhooks(t.db, local);
    expect(result).toMatchObject({ attempted: 1, delivered: 1 });
    const [hit] = received;
    const body = JSON.parse(hit!.body) as { id: string; event: string; data: unknown };
    expect(body).toMatchObject({ event: 'session.status', data: { status: 'ready' } });
    expect(hit!.headers['x-tuki-delivery']).toBe(body.id);
    expect(hit!.headers['x-tuki-event']).toBe('session.status');
    const problem = checkSignature({
      secret,
      body: hit!.body,
      timestamp: String(hit!.headers['x-tuki-timestamp']),
      signature: String(hit!.headers['x-tuki-signature']),
    });
    expect(problem).toBeNull();
    const [row] = await t.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.deliveryId, body.id));
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200 });
    expect(await deliverDueWebhooks(t.db, local)).toMatchObject({ attempted: 0 });
  });

  it("delivers at once when the worker's clock is behind the database's", async () => {
    await createWebhookEndpoint(t.db, { url, events: ['session.status'] }, system);
    await enqueueWebhookEvent(t.db, 'session.status', { status: 'ready' });
    // A worker host two minutes behind: due is the database's call, not the worker's.
    expect(await withClockOffset(-120_000, () => deliverDueWebhooks(t.db, local))).toMatchObject({
      attempted: 1,
      delivered: 1,
    });
    expect(received).toHaveLength(1);
  });

  it('retries with growing, jittered delays and goes dead after the last attempt', async () => {
    await createWebhookEndpoint(t.db, { url, events: ['session.status'] }, system);
    await enqueueWebhookEvent(t.db, 'session.status', { status: 'qr' });
    answer = 503;
    let now = new Date();
    const ids = new Set<string>();
    const delays: number[] = [];
    for (let attempt = 1; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
      const result = await deliverDueWebhooks(t.db, { ...local, now, random: () => 0.5 });
      expect(result.attempted, `attempt ${attempt}`).toBe(1);
      const [row] = await t.db.select().from(webhookDeliveries);
      ids.add(String(received.at(-1)!.headers['x-tuki-delivery']));
      expect(row!.attempts).toBe(attempt);
      expect(row!.lastStatusCode).toBe(503);
      // The status code and a class: the receiver's body is never stored (any read key can read the row).
      expect(row!.lastError).toBe('http_error');
      if (attempt < MAX_DELIVERY_ATTEMPTS) {
        expect(row!.status).toBe('failed');
        delays.push(row!.nextAttemptAt.getTime() - now.getTime());
        // Not due a moment before its time…
        expect(
          await deliverDueWebhooks(t.db, { ...local, now: new Date(row!.nextAttemptAt.getTime() - 1000) }),
        ).toMatchObject({
          attempted: 0,
        });
        now = row!.nextAttemptAt;
      } else expect(row!.status).toBe('dead');
    }
    expect(ids.size).toBe(1);
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(
      await deliverDueWebhooks(t.db, { ...local, now: new Date(now.getTime() + 86_400_000) }),
    ).toMatchObject({
      attempted: 0,
    });
    // Jitter spreads retries of deliveries that failed together.
    expect(retryDelayMs(3, () => 0)).toBeLessThan(retryDelayMs(3, () => 0.999));
  });

  it('replays a dead delivery with the same id, and a delivered one as a new delivery', async () => {
    await createWebhookEndpoint(t.db, { url, events: ['session.status'] }, system);
    await enqueueWebhookEvent(t.db, 'session.status', { n: 1 });
    const [dead] = await t.db
      .update(webhookDeliveries)
      .set({ status: 'dead', attempts: MAX_DELIVERY_ATTEMPTS })
      .returning();
    const replayed = await replayDelivery(t.db, { id: dead!.id }, system);
    expect(replayed).toMatchObject({
      id: dead!.id,
      status: 'pending',
      attempts: 0,
      deliveryId: dead!.deliveryId,
    });
    await deliverDueWebhooks(t.db, local);
    expect((await getDelivery(t.db, dead!.id)).status).toBe('delivered');

    const copy = await replayDelivery(t.db, { id: dead!.id }, system);
    expect(copy.id).not.toBe(dead!.id);
    expect(copy.deliveryId).not.toBe(dead!.deliveryId);
    await deliverDueWebhooks(t.db, local);
    expect(received.map((r) => r.headers['x-tuki-delivery'])).toEqual([dead!.deliveryId, copy.deliveryId]);
  });

  it('two workers delivering at once send each delivery exactly once', async () => {
    await createWebhookEndpoint(t.db, { url, events: ['session.status'] }, system);
    for (let i = 0; i < 30; i++) await enqueueWebhookEvent(t.db, 'session.status', { n: i });
    const results = await Promise.all([
      deliverDueWebhooks(t.db, { ...local, limit: 20 }),
      deliverDueWebhooks(t.db, { ...local, limit: 20 }),
      deliverDueWebhooks(t.db, { ...local, limit: 20 }),
    ]);
    expect(results.reduce((sum, r) => sum + r.delivered, 0)).toBe(30);
    const ids = received.map((r) => r.headers['x-tuki-delivery']);
    expect(new Set(ids).size).toBe(30);
    expect(ids).toHaveLength(30);
  });

  it('records network failures and timeouts without throwing', async () => {
    await createWebhookEndpoint(
      t.db,
      { url: 'http://127.0.0.1:1/nothing-listens', events: ['session.status'] },
      system,
    );
    await enqueueWebhookEvent(t.db, 'session.status', {});
    const result = await deliverDueWebhooks(t.db, { ...local, timeoutMs: 2000 });
    expect(result).toMatchObject({ attempted: 1, retrying: 1 });
    const [row] = await t.db.select().from(webhookDeliveries);
    expect(row).toMatchObject({ status: 'failed', lastStatusCode: null });
    expect(row!.lastError).toBe('connection_refused');
  });

  it('reservation requests and received messages emit their events in the same transaction', async () => {
    await createWebhookEndpoint(
      t.db,
      { url, events: ['reservation_request.created', 'reservation_request.updated', 'message.received'] },
      system,
    );
    const s = await requestScenario(t.db);
    const message = await createMessage(t.db, {
      sessionId: s.session.id,
      chatId: s.customer.id,
      body: `Hola, reservé ${s.reservation.code}`,
    });
    await processStoredMessages(t.db, { sessionId: s.session.id, messageIds: [message.id] });
    await enqueueMessageReceivedEvents(t.db, { sessionId: s.session.id, messageIds: [message.id] });
    await deliverDueWebhooks(t.db, local);
    const events = received.map((r) => JSON.parse(r.body) as { event: string; data: Record<string, never> });
    expect(events.map((e) => e.event).sort()).toEqual([
      'message.received',
      'reservation_request.created',
      'reservation_request.updated',
    ]);
    const updated = events.find((e) => e.event === 'reservation_request.updated')!;
    expect(updated.data).toMatchObject({ request: { code: s.reservation.code, status: 'matched' } });
    const messageEvent = events.find((e) => e.event === 'message.received')!;
    expect(messageEvent.data).toMatchObject({
      message: { body: `Hola, reservé ${s.reservation.code}` },
      chat: { id: s.customer.id },
    });
  });
});
