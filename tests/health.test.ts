import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as livez } from '../app/api/livez/route';
import { checkHealth, type Health } from '../lib/health/check-health';
import { call, createKey, useTestDbForRoutes } from './support/api';
import { createTestDb, type TestDb } from './support/db';

describe('health', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it('is unhealthy while no worker has ever started', async () => {
    const health = await checkHealth(t.sql, { staleSeconds: 30 });
    expect(health.database.ok).toBe(true);
    expect(health.migrations.ok).toBe(true);
    expect(health.worker.ok).toBe(false);
    expect(health.ok).toBe(false);
  });

  it('is healthy with a fresh worker heartbeat and unhealthy when it goes stale', async () => {
    await t.sql`insert into whatsapp_sessions (name, heartbeat_at) values ('default', now())`;
    expect((await checkHealth(t.sql, { staleSeconds: 30 })).ok).toBe(true);

    await t.sql`update whatsapp_sessions set heartbeat_at = now() - interval '31 seconds'`;
    const stale = await checkHealth(t.sql, { staleSeconds: 30 });
    expect(stale.ok).toBe(false);
    expect(stale.worker.sessions[0]).toMatchObject({ name: 'default', alive: false });
    expect(stale.worker.sessions[0]?.heartbeatAgeSeconds).toBeGreaterThanOrEqual(31);
  });

  it('reports missing migrations', async () => {
    await t.sql`update whatsapp_sessions set heartbeat_at = now()`;
    await t.sql`delete from drizzle.__drizzle_migrations`;
    const health = await checkHealth(t.sql, { staleSeconds: 30 });
    expect(health.migrations).toMatchObject({ ok: false, applied: 0 });
    expect(health.ok).toBe(false);
  });

  it('reports an unreachable database without throwing', async () => {
    const postgres = (await import('postgres')).default;
    const dead = postgres('postgres://nobody@127.0.0.1:1/none', { max: 1, connect_timeout: 2 });
    const health = await checkHealth(dead, { staleSeconds: 30 });
    expect(health).toMatchObject({ ok: false, database: { ok: false } });
    await dead.end();
  });

  it('liveness answers { ok: true } without touching the database or asking for credentials', async () => {
    const res = livez();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});

describe('GET /api/health', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    await t.sql`insert into whatsapp_sessions (name, heartbeat_at) values ('ventas-norte', now())`;
  });
  afterAll(() => t.drop());

  it('tells an anonymous probe only whether each part is healthy', async () => {
    const res = await call('GET', '/api/health');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      ok: true,
      database: { ok: true },
      migrations: { ok: true },
      worker: { ok: true },
    });
    expect(JSON.stringify(body)).not.toContain('ventas-norte');
  });

  it('shows the sessions to a signed-in person or an API key', async () => {
    const { key } = await createKey(t.db, 'read');
    const body = (await (await call('GET', '/api/health', { key })).json()) as Health;
    expect(body.worker.sessions).toMatchObject([{ name: 'ventas-norte', alive: true }]);
  });
});
