import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config';
import { webhookDeliveries, webhookEndpoints } from '../lib/db/schema';
import { parseNetworks } from '../lib/net/networks';
import { deliverDueWebhooks } from '../lib/webhooks/deliver';
import { createWebhookEndpoint } from '../lib/webhooks/endpoints';
import { enqueueWebhookEvent } from '../lib/webhooks/enqueue';
import { isAllowedAddress, type TargetPolicy, targetPolicyFrom } from '../lib/webhooks/target';
import { createTestDb, type TestDb } from './support/db';
import { LOOPBACK_RECEIVERS } from './support/webhook-receivers';

/** What a production deployment gets with no webhook settings: public https receivers only. */
const PRODUCTION: TargetPolicy = targetPolicyFrom({ NODE_ENV: 'production' });
const HTTP_PUBLIC_ONLY: TargetPolicy = { allowHttp: true, allowedNetworks: [] };

describe('outbound webhook targets (SSRF)', () => {
  let t: TestDb;
  let server: Server;
  let port: number;
  let hits = 0;
  let answer: { status: number; headers?: Record<string, string>; body: string } = {
    status: 200,
    body: 'ok',
  };
  const system = { type: 'system' as const };

  beforeAll(async () => {
    t = await createTestDb();
    server = createServer((_req, res) => {
      hits++;
      res.writeHead(answer.status, answer.headers).end(answer.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    server.close();
    await t.drop();
  });
  beforeEach(async () => {
    hits = 0;
    answer = { status: 200, body: 'ok' };
    await t.db.delete(webhookEndpoints);
  });

  async function deliverTo(url: string, targetPolicy: TargetPolicy) {
    await createWebhookEndpoint(t.db, { url, events: ['session.status'] }, system);
    await enqueueWebhookEvent(t.db, 'session.status', { status: 'ready' });
    await deliverDueWebhooks(t.db, { targetPolicy, timeoutMs: 3000 });
    const [row] = await t.db.select().from(webhookDeliveries);
    return row!;
  }

  it('refuses loopback, private, link-local, metadata, CGNAT, unique-local and mapped addresses', () => {
    for (const address of [
      '127.0.0.1',
      '127.5.6.7',
      '10.0.0.8',
      '172.16.3.4',
      '192.168.1.10',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '224.0.0.1',
      '::1',
      '::',
      'fd00:ec2::254',
      'fc00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:169.254.169.254',
      '::ffff:10.0.0.1',
      '64:ff9b::a00:1',
    ])
      expect(isAllowedAddress(address, HTTP_PUBLIC_ONLY), address).toBe(false);
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])
      expect(isAllowedAddress(address, HTTP_PUBLIC_ONLY), address).toBe(true);
  });

  it('sends nothing to a loopback receiver and records only the class of the refusal', async () => {
    const row = await deliverTo(`http://127.0.0.1:${port}/hook`, HTTP_PUBLIC_ONLY);
    expect(hits).toBe(0);
    expect(row).toMatchObject({ status: 'failed', lastStatusCode: null, lastError: 'blocked_address' });
  });

  it('checks what a host name resolves to, and the IPv6 and mapped spellings of loopback', async () => {
    for (const url of [
      `http://localhost:${port}/hook`,
      `http://[::ffff:127.0.0.1]:${port}/hook`,
      `http://[::1]:${port}/hook`,
    ]) {
      await t.db.delete(webhookEndpoints);
      const row = await deliverTo(url, HTTP_PUBLIC_ONLY);
      expect(row.lastError, url).toBe('blocked_address');
    }
    expect(hits).toBe(0);
  });

  it('requires https in production unless WEBHOOK_ALLOW_HTTP says otherwise', async () => {
    expect(PRODUCTION.allowHttp).toBe(false);
    expect(targetPolicyFrom(loadConfig({ NODE_ENV: 'production', WEBHOOK_ALLOW_HTTP: '1' })).allowHttp).toBe(
      true,
    );
    const row = await deliverTo(`http://203.0.113.9:${port}/hook`, PRODUCTION);
    expect(row.lastError).toBe('insecure_scheme');
  });

  it('reaches a private receiver only through WEBHOOK_ALLOWED_NETWORKS', async () => {
    const config = loadConfig({ WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8, 10.1.0.0/16' });
    const policy = targetPolicyFrom(config);
    expect(isAllowedAddress('10.1.2.3', policy)).toBe(true);
    expect(isAllowedAddress('10.2.0.1', policy)).toBe(false);
    const row = await deliverTo(`http://127.0.0.1:${port}/hook`, policy);
    expect(hits).toBe(1);
    expect(row.status).toBe('delivered');
    expect(() => loadConfig({ WEBHOOK_ALLOWED_NETWORKS: 'not-a-network' })).toThrow(
      /WEBHOOK_ALLOWED_NETWORKS/,
    );
  });

  it("stores the status code and an error class, never the receiver's answer", async () => {
    answer = { status: 500, body: 'root:x:0:0:root:/root:/bin/bash' };
    const row = await deliverTo(`http://127.0.0.1:${port}/hook`, LOOPBACK_RECEIVERS);
    expect(row).toMatchObject({ lastStatusCode: 500, lastError: 'http_error' });
    expect(JSON.stringify(row)).not.toContain('root:x');
  });

  it('does not follow a redirect, even to an allowed address', async () => {
    answer = { status: 302, headers: { location: `http://127.0.0.1:${port}/elsewhere` }, body: '' };
    const row = await deliverTo(`http://127.0.0.1:${port}/hook`, { ...LOOPBACK_RECEIVERS });
    expect(hits).toBe(1);
    expect(row).toMatchObject({ status: 'failed', lastStatusCode: 302, lastError: 'redirect' });
  });

  it('parses allow-lists of addresses and CIDRs', () => {
    expect(parseNetworks('127.0.0.1, fd00::/8').map(([, bits]) => bits)).toEqual([32, 8]);
  });
});
