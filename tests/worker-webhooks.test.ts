import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../lib/audit/actor';
import { createLogger } from '../lib/log';
import { createWebhookEndpoint } from '../lib/webhooks/endpoints';
import {
  checkSignature,
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from '../lib/webhooks/signature';
import { createDomainHooks } from '../worker/domain-hooks';
import { runWebhookLoop } from '../worker/webhook-loop';
import { createTestDb, type TestDb } from './support/db';
import { messageDto } from './support/messages';
import { waitFor } from './support/processes';
import { LOOPBACK_RECEIVERS } from './support/webhook-receivers';
import { startHarness } from './support/worker-harness';

interface Received {
  event: string;
  delivery: string;
  valid: boolean;
  body: { event: string; data: Record<string, unknown> };
}

/** A receiver on loopback that records what the worker delivers and checks each signature. */
async function receiver(secret: () => string) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const problem = checkSignature({
        secret: secret(),
        body,
        timestamp: String(req.headers[TIMESTAMP_HEADER] ?? ''),
        signature: String(req.headers[SIGNATURE_HEADER] ?? ''),
      });
      const parsed = JSON.parse(body) as Received['body'];
      received.push({
        event: parsed.event,
        delivery: String(req.headers[DELIVERY_HEADER]),
        valid: problem === null,
        body: parsed,
      });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise((r) => server.close(r)) };
}

describe('outbound webhooks from the worker', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it('delivers message.received and session.status, signed, once each', { timeout: 60_000 }, async () => {
    let secret = '';
    const sink = await receiver(() => secret);
    const created = await createWebhookEndpoint(
      t.db,
      { url: sink.url, events: ['message.received', 'session.status'] },
      SYSTEM_ACTOR,
    );
    secret = created.secret;
    const log = createLogger('test', 'silent');
    const domain = createDomainHooks(log);
    const h = await startHarness(t, {}, t, undefined, domain);
    const stop = new AbortController();
    const loop = runWebhookLoop({ db: t.db, sql: t.sql, log, targetPolicy: LOOPBACK_RECEIVERS }, stop.signal);
    try {
      h.world.linked = true;
      h.start();
      await h.waitForStatus('ready');
      const incoming = messageDto({ body: 'Hola, ¿tienen cupos para el sábado?' });
      h.driver.deliver([incoming], 1); // duplicated by the library: still one event
      await waitFor(
        'the message webhook',
        () => (sink.received.some((r) => r.event === 'message.received') ? true : undefined),
        20_000,
      );
      await waitFor(
        'the ready status webhook',
        () =>
          sink.received.some((r) => r.event === 'session.status' && r.body.data.status === 'ready')
            ? true
            : undefined,
        20_000,
      );
      await new Promise((r) => setTimeout(r, 1000));
      const messages = sink.received.filter((r) => r.event === 'message.received');
      expect(messages).toHaveLength(1);
      expect(JSON.stringify(messages[0]!.body.data)).toContain('Hola, ¿tienen cupos para el sábado?');
      expect(sink.received.every((r) => r.valid)).toBe(true);
      expect(new Set(sink.received.map((r) => r.delivery)).size).toBe(sink.received.length);
    } finally {
      stop.abort();
      await loop;
      await h.cleanup();
      await sink.close();
    }
  });
});
