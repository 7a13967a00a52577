import { createServer, type Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../lib/audit/actor';
import { createWebhookEndpoint } from '../../lib/webhooks/endpoints';
import {
  checkSignature,
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from '../../lib/webhooks/signature';
import { freePort, waitFor } from '../support/processes';
import { faultScenario, faultSettings } from './support/faults';

const OUTAGE_S = faultSettings.FAULTS_OUTAGE_SECONDS;
const MESSAGES = 20;

/**
 * The receiver of our outbound webhooks is down (connection refused) for FAULTS_OUTAGE_SECONDS (a minute by
 * default) while messages keep arriving. Once it is back, every delivery must arrive, signed correctly, once.
 * Retries follow the product's own schedule (15 s, 30 s, 1 min… ±20 %), so the wait after the outage is
 * bounded by one retry interval.
 */
describe('webhook receiver down', () => {
  const scenario = faultScenario('tuki-fault-hook-');
  let server: Server | undefined;
  afterAll(async () => {
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
  });

  it('delivers everything, validly signed, once it is back', {
    timeout: (OUTAGE_S * 3 + 180) * 1000,
  }, async () => {
    const { t } = scenario;
    const port = await freePort();
    const { secret } = await createWebhookEndpoint(
      t.db,
      { url: `http://127.0.0.1:${port}/hook`, events: ['message.received'] },
      SYSTEM_ACTOR,
    );
    const downSince = Date.now();
    const worker = await scenario.startReadyWorker({ WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1' });
    for (let i = 0; i < MESSAGES; i++)
      await worker.fake.message({ chatId: `5697555000${i % 4}@c.us`, body: `Consulta ${i}` });
    await waitFor(
      'every delivery to have failed at least once',
      async () => {
        const [row] = await t.sql<{ n: number }[]>`
          select count(*)::int as n from webhook_deliveries where status = 'failed' and attempts >= 1`;
        return row!.n === MESSAGES ? true : undefined;
      },
      60_000,
    );

    await new Promise((r) => setTimeout(r, Math.max(0, downSince + OUTAGE_S * 1000 - Date.now())));
    const received: { delivery: string; valid: boolean; messageId: unknown }[] = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const problem = checkSignature({
          secret,
          body,
          timestamp: String(req.headers[TIMESTAMP_HEADER] ?? ''),
          signature: String(req.headers[SIGNATURE_HEADER] ?? ''),
        });
        const parsed = JSON.parse(body) as { data: { message?: { id?: unknown } } };
        received.push({
          delivery: String(req.headers[DELIVERY_HEADER]),
          valid: problem === null,
          messageId: parsed.data.message?.id,
        });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));

    await waitFor(
      `all ${MESSAGES} deliveries to arrive`,
      () => (new Set(received.map((r) => r.delivery)).size >= MESSAGES ? true : undefined),
      // The longest a delivery can wait after the outage: one retry interval (doubling, +20 % jitter).
      (Math.max(OUTAGE_S, 15) * 1.2 * 2 + 30) * 1000,
    );
    await new Promise((r) => setTimeout(r, 2000)); // a duplicate would show up right after
    expect(received).toHaveLength(MESSAGES);
    expect(received.every((r) => r.valid)).toBe(true);
    expect(new Set(received.map((r) => r.messageId)).size).toBe(MESSAGES); // one per message, none missing
    const [rows] = await t.sql<{ delivered: number; other: number }[]>`
      select count(*) filter (where status = 'delivered')::int as delivered,
             count(*) filter (where status <> 'delivered')::int as other
      from webhook_deliveries`;
    expect(rows).toEqual({ delivered: MESSAGES, other: 0 });
  });
});
