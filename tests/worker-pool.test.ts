import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PoolSnapshot, pickClaim, waitingReason } from '../lib/whatsapp/sessions/pool';
import { FakeControl, startControlServer } from '../worker/whatsapp/fake/control-server';
import { FakeDriver } from '../worker/whatsapp/fake/fake-driver';
import { FakeWorld, fakePhoneNumberFor } from '../worker/whatsapp/fake/fake-world';
import { freePort } from './support/processes';
import { FAKE_WA_TOKEN } from './support/stack';

const session = (id: number, liveOwner: string | null, extra: Partial<PoolSnapshot['sessions'][0]> = {}) => ({
  id,
  name: `n${id}`,
  desiredState: 'running' as const,
  deleted: false,
  liveOwner,
  ...extra,
});
const worker = (owner: string, capacity = 4, pinnedSession: string | null = null) => ({
  owner,
  capacity,
  pinnedSession,
});

describe('the pool rule', () => {
  it('gives the next free number to the least-loaded worker with room, and only to it', () => {
    const pool: PoolSnapshot = {
      workers: [worker('a'), worker('b')],
      sessions: [session(1, 'a'), session(2, null), session(3, null)],
    };
    expect(pickClaim(pool, worker('a'))).toBeNull();
    expect(pickClaim(pool, worker('b'))?.id).toBe(2);
    // Equal loads: the tie goes to the first owner id, so two workers never both wait.
    pool.sessions[1]!.liveOwner = 'b';
    expect(pickClaim(pool, worker('a'))?.id).toBe(3);
    expect(pickClaim(pool, worker('b'))).toBeNull();
  });

  it('skips stopped, deleted and leased numbers, and never claims past capacity', () => {
    const pool: PoolSnapshot = {
      workers: [worker('a', 1)],
      sessions: [
        session(1, null, { desiredState: 'stopped' }),
        session(2, null, { deleted: true }),
        session(3, 'a'),
        session(4, null),
      ],
    };
    expect(pickClaim(pool, worker('a', 1))).toBeNull();
    expect(waitingReason(pool, pool.sessions[3]!)).toEqual({ reason: 'workers_full', capacity: 1 });
    expect(waitingReason(pool, pool.sessions[0]!)).toBeNull();
    expect(waitingReason({ workers: [], sessions: pool.sessions }, pool.sessions[3]!)?.reason).toBe(
      'no_worker',
    );
  });

  it('keeps a pinned number (WA_SESSION) for its worker, and a pinned worker to its number', () => {
    const pool: PoolSnapshot = {
      workers: [worker('a'), worker('p', 1, 'n1')],
      sessions: [session(1, null), session(2, null)],
    };
    expect(pickClaim(pool, worker('a'))?.id).toBe(2);
    expect(pickClaim(pool, worker('p', 1, 'n1'))?.id).toBe(1);
  });
});

describe('the fake driver with several numbers', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tuki-fake-pool-'));
  const control = new FakeControl(
    (name) => new FakeWorld(path.join(dir, name), { phone: fakePhoneNumberFor(name, 'default') }),
    'default',
  );
  let server: Server;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    server = await startControlServer(control, port, FAKE_WA_TOKEN);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });
  const call = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${FAKE_WA_TOKEN}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('keeps one phone per number: ?session=NAME on every endpoint, none for the default number', async () => {
    await call('POST', '/chats?session=ventas', { chats: [{ id: '56911111111@c.us', name: 'Ana' }] });
    const ventas = await call('GET', '/state?session=ventas');
    const fallback = await call('GET', '/state');
    expect(ventas.body).toMatchObject({ session: 'ventas', chats: 1, linked: false });
    expect(fallback.body).toMatchObject({ session: 'default', chats: 0 });
    // Each phone is its own WhatsApp account.
    expect((ventas.body.me as { phone: string }).phone).not.toBe(
      (fallback.body.me as { phone: string }).phone,
    );
    expect((await call('GET', '/state?session=no%20valid')).status).toBe(400);
  });

  it('scans and delivers on the number named, and only there', async () => {
    const events: string[] = [];
    const phone = control.phone('ventas');
    phone.driver = new FakeDriver(phone.world, { qrRotateMs: 1000 });
    await phone.driver.start((e) => events.push(e.type));
    expect((await call('POST', '/scan')).status).toBe(400); // the default number runs no client here
    expect((await call('POST', '/scan?session=ventas')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(events).toContain('ready');
    const sent = await call('POST', '/messages?session=ventas', { chatId: '56911111111@c.us', body: 'Hola' });
    expect(sent.status).toBe(200);
    expect(events).toContain('message');
    expect((await call('GET', '/state?session=ventas')).body.messages).toBe(1);
    expect((await call('GET', '/state')).body.messages).toBe(0);
    await phone.driver.stop();
  });

  it('reads a number back from disk after another process ran it (a take-over)', () => {
    const before = control.phone('ventas').world;
    const other = new FakeWorld(path.join(dir, 'ventas'));
    other.record([{ ...before.history.get('56911111111@c.us')![0]!, protocolId: 'X2', serializedId: 'x2' }]);
    expect(control.reload('ventas').world.history.get('56911111111@c.us')).toHaveLength(2);
  });
});
