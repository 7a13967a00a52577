import { sql as dsql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../lib/log';
import { metricsAccess } from '../lib/metrics/access';
import { routeTemplate } from '../lib/metrics/web';
import { call, createKey, errorOf, useTestDbForRoutes } from './support/api';
import { createTestDb, type TestDb } from './support/db';
import { createChat, createMessage, createSession } from './support/factories';

const TOKEN = 'metrics-token-0123456789abcdef';

/** One sample's value from Prometheus text, by metric name and exact label set. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    delete found.process;
    if (JSON.stringify(Object.entries(found).sort()) === JSON.stringify(Object.entries(labels).sort()))
      return Number(match[3]);
  }
  return undefined;
}

describe('metrics token', () => {
  it('refuses everyone when no token is configured, and checks the bearer token otherwise', () => {
    expect(metricsAccess(`Bearer ${TOKEN}`, undefined)).toBe('disabled');
    expect(metricsAccess(null, TOKEN)).toBe('denied');
    expect(metricsAccess(`Bearer ${TOKEN}x`, TOKEN)).toBe('denied');
    expect(metricsAccess(`Basic ${TOKEN}`, TOKEN)).toBe('denied');
    expect(metricsAccess(`Bearer ${TOKEN}`, TOKEN)).toBe('allowed');
  });
});

describe('route templates', () => {
  it('replaces parameter values with their names, so ids do not become time series', () => {
    expect(routeTemplate('/api/v1/superadmin/whatsapp/chats/42/messages/', { id: '42' })).toBe(
      '/api/v1/superadmin/whatsapp/chats/[id]/messages',
    );
    expect(routeTemplate('/api/v1/platform/reservations/RES%2D8F3K2', { code: 'RES-8F3K2' })).toBe(
      '/api/v1/platform/reservations/[code]',
    );
    expect(routeTemplate('/api/v1/superadmin/whatsapp/status', {})).toBe(
      '/api/v1/superadmin/whatsapp/status',
    );
  });
});

describe('logs', () => {
  it('never carries a failed query’s parameters (message bodies, hashes) or credentials', async () => {
    const t = await createTestDb();
    try {
      const lines: string[] = [];
      const log = createLogger('test', 'info', { write: (line: string) => void lines.push(line) });
      const error = await t.db
        .execute(dsql`select ${'SECRET-BODY-123'}::int`)
        .then(() => undefined)
        .catch((e: unknown) => e);
      expect(String(error)).toContain('SECRET-BODY-123'); // what drizzle would have put in the log
      log.error({ err: error, requestId: 'req-1' }, 'failed');
      log.warn({ err: String(error) }, 'failed as text');
      log.info(
        { body: 'Hola, mi clave es 1234', qr: '2@abc', authorization: 'Bearer x', password: 'pw' },
        'x',
      );
      const text = lines.join('');
      expect(text).not.toContain('SECRET-BODY-123');
      expect(text).not.toContain('Hola, mi clave');
      expect(text).not.toContain('2@abc');
      expect(text).not.toContain('Bearer x');
      expect(text).toContain('"requestId":"req-1"');
      expect(text).toContain('params: [redacted]');
      expect(text).toContain('22P02'); // the cause's PostgreSQL code survives
    } finally {
      await t.drop();
    }
  });
});

describe('GET /api/metrics', () => {
  let t: TestDb;
  let key: string;
  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    process.env.METRICS_TOKEN = TOKEN;
    ({ key } = await createKey(t.db, 'read'));
  });
  afterAll(() => t.drop());

  it('answers 401 with the error shape without the token', async () => {
    const anonymous = await call('GET', '/api/metrics');
    expect(anonymous.status).toBe(401);
    await errorOf(anonymous);
    const wrong = await call('GET', '/api/metrics', { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });

  it('reports database gauges, API request durations by route, and SSE clients', async () => {
    const session = await createSession(t.db, { name: 'default', status: 'ready', heartbeatAt: new Date() });
    const other = await createSession(t.db, { name: 'second', status: 'qr' });
    const chat = await createChat(t.db, { sessionId: session.id });
    for (let i = 0; i < 3; i++) await createMessage(t.db, { sessionId: session.id, chatId: chat.id });
    await createMessage(t.db, { sessionId: session.id, chatId: chat.id, fromMe: true, source: 'sent' });
    await createMessage(t.db, {
      sessionId: session.id,
      chatId: chat.id,
      timestamp: new Date(Date.now() - 3 * 86_400_000), // older than the 24-hour window
    });
    await t.sql`
      insert into whatsapp_commands (session_id, kind, status, payload, created_at) values
        (${session.id}, 'send_message', 'pending', '{}', now() - interval '90 seconds'),
        (${session.id}, 'send_message', 'succeeded', '{}', now()),
        (${session.id}, 'send_message', 'succeeded', '{}', now()),
        (${session.id}, 'send_message', 'failed', '{}', now()),
        (${other.id}, 'sync_chats', 'running', '{}', now())`;
    const [endpoint] = await t.sql<{ id: number }[]>`
      insert into webhook_endpoints (url, secret, events) values ('https://example.com/h', 's', '{session.status}')
      returning id`;
    await t.sql`
      insert into webhook_deliveries (endpoint_id, event, payload, status) values
        (${endpoint!.id}, 'session.status', '{}', 'delivered'), (${endpoint!.id}, 'session.status', '{}', 'delivered'),
        (${endpoint!.id}, 'session.status', '{}', 'pending'), (${endpoint!.id}, 'session.status', '{}', 'dead')`;

    const status = await call('GET', '/api/v1/superadmin/whatsapp/status/?session=default', {
      key,
      headers: { 'x-request-id': 'lb-abc.123' },
    });
    expect(status.status).toBe(200);
    expect(status.headers.get('x-request-id')).toBe('lb-abc.123');
    const missing = await call('GET', '/api/v1/superadmin/whatsapp/chats/999999/', {
      key,
      headers: { 'x-request-id': 'not an id; <script>' },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const res = await call('GET', '/api/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(sample(text, 'tuki_metrics_database_up')).toBe(1);
    expect(sample(text, 'tuki_whatsapp_sessions', { session: 'default', status: 'ready' })).toBe(1);
    expect(sample(text, 'tuki_whatsapp_sessions', { session: 'second', status: 'qr' })).toBe(1);
    expect(sample(text, 'tuki_worker_heartbeat_age_seconds', { session: 'default' })).toBeLessThan(60);
    expect(
      sample(text, 'tuki_messages_last_24h', { session: 'default', direction: 'incoming', source: 'live' }),
    ).toBe(3);
    expect(
      sample(text, 'tuki_messages_last_24h', { session: 'default', direction: 'outgoing', source: 'sent' }),
    ).toBe(1);
    expect(
      sample(text, 'tuki_outbox_commands', { session: 'default', kind: 'send_message', status: 'pending' }),
    ).toBe(1);
    expect(
      sample(text, 'tuki_outbox_commands', { session: 'second', kind: 'sync_chats', status: 'running' }),
    ).toBe(1);
    expect(sample(text, 'tuki_outbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(89);
    expect(sample(text, 'tuki_sends_last_24h', { session: 'default', status: 'succeeded' })).toBe(2);
    expect(sample(text, 'tuki_sends_last_24h', { session: 'default', status: 'failed' })).toBe(1);
    expect(sample(text, 'tuki_reservation_notifications_failed')).toBe(0);
    expect(sample(text, 'tuki_webhook_deliveries_last_24h', { status: 'delivered' })).toBe(2);
    expect(sample(text, 'tuki_webhook_deliveries_backlog')).toBe(1);
    expect(sample(text, 'tuki_webhook_deliveries_dead')).toBe(1);
    expect(sample(text, 'tuki_sse_clients')).toBe(0);
    const route = '/api/v1/superadmin/whatsapp/status';
    expect(
      sample(text, 'tuki_http_request_duration_seconds_count', { method: 'GET', route, status: '200' }),
    ).toBe(1);
    expect(
      sample(text, 'tuki_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/v1/superadmin/whatsapp/chats/[id]',
        status: '404',
      }),
    ).toBe(1);
    expect(text).toContain('process_resident_memory_bytes');
  });
});

describe('worker metrics endpoint', () => {
  it('is off without a port, refuses to start without a token, and serves ingest figures', async () => {
    const { loadConfig, ConfigError } = await import('../lib/config');
    const { startWorkerMetrics } = await import('../worker/metrics/metrics-server');
    const { IngestBuffer } = await import('../worker/ingest/ingest-buffer');
    const { ensureSession } = await import('../lib/whatsapp/sessions/lease');
    const { messageDto } = await import('./support/messages');
    const { freePort } = await import('./support/processes');
    const log = createLogger('test', 'silent');
    expect(await startWorkerMetrics(loadConfig({}), log)).toBeUndefined();
    const port = await freePort();
    await expect(startWorkerMetrics(loadConfig({ WORKER_METRICS_PORT: String(port) }), log)).rejects.toThrow(
      ConfigError,
    );

    const t = await createTestDb();
    const server = await startWorkerMetrics(
      loadConfig({ WORKER_METRICS_PORT: String(port), METRICS_TOKEN: TOKEN }),
      log,
    );
    try {
      const session = await ensureSession(t.db, 'default');
      const buffer = new IngestBuffer({
        sql: t.sql,
        sessionId: session.id,
        log,
        maxBatch: 100,
        maxDelayMs: 5,
        capacity: 1000,
        onCommitted: () => {},
        onOverflowRecovered: () => {},
      });
      const message = messageDto();
      buffer.push({ kind: 'message', message, source: 'live' });
      buffer.push({ kind: 'message', message, source: 'live' }); // the duplicate event is not stored twice
      expect(await buffer.drain(10_000)).toBe(true);

      const url = `http://127.0.0.1:${port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(sample(text, 'tuki_ingest_messages_stored_total')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'tuki_ingest_batch_size_count')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'tuki_ingest_batch_duration_seconds_count')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'tuki_ingest_events_buffered')).toBe(0);
      expect(text).toContain('process_resident_memory_bytes');
    } finally {
      server?.close();
      await t.drop();
    }
  });
});
