import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSession } from '../lib/whatsapp/sessions/state';
import { call, createKey, useTestDbForRoutes } from './support/api';
import { withClockOffset } from './support/clock';
import { createTestDb, type TestDb } from './support/db';
import {
  createBinding,
  createChat,
  createExperience,
  createGroup,
  createMessage,
  createOperator,
  createSession,
} from './support/factories';
import { requestScenario } from './support/pipeline';

type Page<T> = { items: T[]; nextCursor: string | null };

describe('REST API routes', () => {
  let t: TestDb;
  let key: string;
  let session: { id: number; name: string };
  const WA = '/api/v1/superadmin/whatsapp';

  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    key = (await createKey(t.db, 'write')).key;
    session = await createSession(t.db, { name: 'default', status: 'ready', heartbeatAt: new Date() });
  });
  afterAll(() => t.drop());

  const get = async <T>(path: string) => {
    const res = await call('GET', path, { key });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };

  it('answers the original superadmin paths with and without the trailing slash', async () => {
    const status = await get<Record<string, unknown>>(`${WA}/status/`);
    expect(status).toMatchObject({
      session: 'default',
      status: 'ready',
      qrAvailable: false,
      worker: { alive: true },
    });
    expect(await get(`${WA}/status`)).toMatchObject({ status: 'ready' });
    expect(JSON.stringify(status)).not.toMatch(/"qr"|pairingCode"/);
    expect((await call('GET', `${WA}/status/?session=nope`, { key })).status).toBe(404);
  });

  it('judges the worker alive and the QR live by the database clock, whatever the web host says', async () => {
    await createSession(t.db, { name: 'skewed', status: 'qr', qr: 'QR-TEXT' });
    // Written as a worker writes them: by the database's clock.
    await t.sql`update whatsapp_sessions set heartbeat_at = now(), qr_expires_at = now() + interval '60 seconds'
      where name = 'skewed'`;
    const ahead = 10 * 60_000;
    expect(await withClockOffset(ahead, () => get(`${WA}/status/?session=skewed`))).toMatchObject({
      qrAvailable: true,
      worker: { alive: true },
    });
    expect(await withClockOffset(ahead, () => get(`${WA}/qr/?session=skewed`))).toMatchObject({
      qr: 'QR-TEXT',
    });
    await t.sql`update whatsapp_sessions set heartbeat_at = now() - interval '10 minutes',
      qr_expires_at = now() - interval '1 second' where name = 'skewed'`;
    const behind = -20 * 60_000;
    expect(await withClockOffset(behind, () => get(`${WA}/status/?session=skewed`))).toMatchObject({
      qrAvailable: false,
      worker: { alive: false },
    });
    expect(await withClockOffset(behind, () => get(`${WA}/qr/?session=skewed`))).toMatchObject({ qr: null });
  });

  it('stamps a lifecycle change with the database clock, which the status shows, not the writer host’s', async () => {
    const skewed = await createSession(t.db, { name: 'skewed-writer', status: 'qr' });
    await withClockOffset(-3 * 3600_000, () => updateSession(t.db, skewed.id, { status: 'ready' }));
    const status = await get<{ lastEventAt: string }>(`${WA}/status/?session=skewed-writer`);
    const [row] = await t.sql<{ drift: number }[]>`
      select abs(extract(epoch from ${status.lastEventAt}::timestamptz - now()))::float8 as drift`;
    expect(row!.drift).toBeLessThan(60);
  });

  it('lists a number with no chats as an empty page, and an unknown number or a bad name as an error', async () => {
    await createSession(t.db, { name: 'empty-number' });
    for (const list of ['chats', 'groups']) {
      expect(await get(`${WA}/${list}/?session=empty-number`)).toEqual({ items: [], nextCursor: null });
      const missing = await call('GET', `${WA}/${list}/?session=nope`, { key });
      expect(missing.status, list).toBe(404);
      expect(JSON.stringify(await missing.json())).toContain('nope');
      expect(
        (await call('GET', `${WA}/${list}/?session=${encodeURIComponent('bad name!')}`, { key })).status,
      ).toBe(400);
    }
  });

  it('pages through chats newest first and searches by name or number', async () => {
    const s = await createSession(t.db, { name: 'paging' });
    const base = Date.now();
    for (let i = 0; i < 7; i++)
      await createChat(t.db, {
        sessionId: s.id,
        name: `Cliente ${i}`,
        lastMessageAt: i < 5 ? new Date(base - i * 60_000) : null,
      });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<{ name: string }> = await get(
        `${WA}/chats/?session=paging&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.items.map((c) => c.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.slice(0, 5)).toEqual(['Cliente 0', 'Cliente 1', 'Cliente 2', 'Cliente 3', 'Cliente 4']);
    expect(new Set(seen).size).toBe(7);
    const found = await get<Page<{ name: string }>>(`${WA}/chats/?session=paging&q=cliente%203`);
    expect(found.items.map((c) => c.name)).toEqual(['Cliente 3']);
    const literal = await get<Page<unknown>>(`${WA}/chats/?session=paging&q=%25`);
    expect(literal.items).toHaveLength(0);
  });

  it('lists groups alphabetically, and one chat’s messages newest first', async () => {
    const g1 = await createGroup(t.db, { sessionId: session.id, name: 'Zeta guías' });
    await createGroup(t.db, { sessionId: session.id, name: 'alfa operadores' });
    const groups = await get<Page<{ name: string; isGroup: boolean }>>(`${WA}/groups/`);
    expect(groups.items.map((g) => g.name)).toEqual(['alfa operadores', 'Zeta guías']);
    for (let i = 0; i < 5; i++)
      await createMessage(t.db, {
        sessionId: session.id,
        chatId: g1.id,
        body: `m${i}`,
        timestamp: new Date(Date.UTC(2026, 0, 1, 0, i)),
      });
    const first = await get<Page<{ body: string }>>(`${WA}/chats/${g1.id}/messages/?limit=2`);
    expect(first.items.map((m) => m.body)).toEqual(['m4', 'm3']);
    const second = await get<Page<{ body: string }>>(
      `${WA}/chats/${g1.id}/messages/?limit=2&cursor=${first.nextCursor}`,
    );
    expect(second.items.map((m) => m.body)).toEqual(['m2', 'm1']);
  });

  it('lists each group with who routes notifications to it (the Grupos screen)', async () => {
    const s = await createSession(t.db, { name: 'usage' });
    const used = await createGroup(t.db, { sessionId: s.id, name: 'Guías Torres' });
    await createGroup(t.db, { sessionId: s.id, name: 'Sin uso' });
    const experience = await createExperience(t.db, { title: 'Trekking Base Torres' });
    await createBinding(t.db, { experienceId: experience.id, chatId: used.id });
    const operator = await createOperator(t.db, { name: 'Patagonia Guías', defaultGroupChatId: used.id });
    const page = await get<Page<{ name: string; usedBy: unknown }>>(`${WA}/groups/?session=usage`);
    expect(page.items).toEqual([
      expect.objectContaining({
        name: 'Guías Torres',
        usedBy: {
          experiences: [{ id: experience.id, title: 'Trekking Base Torres', isOverride: true }],
          operators: [{ id: operator.id, name: 'Patagonia Guías' }],
        },
      }),
      expect.objectContaining({ name: 'Sin uso', usedBy: { experiences: [], operators: [] } }),
    ]);
  });

  it('queues a message with 202, once per idempotency key, and reports it by command id', async () => {
    const chat = await createChat(t.db, { sessionId: session.id, waId: '56922223333@c.us' });
    const send = () =>
      call('POST', `${WA}/chats/${chat.id}/messages/`, {
        key,
        body: { body: 'Hola 👋', idempotencyKey: 'k-1' },
      });
    const first = await send();
    expect(first.status).toBe(202);
    const { command, created } = (await first.json()) as {
      command: { id: number; status: string };
      created: boolean;
    };
    expect(created).toBe(true);
    expect(command).toMatchObject({
      status: 'pending',
      kind: 'send_message',
      payload: { chatId: '56922223333@c.us', body: 'Hola 👋' },
    });
    const again = (await (await send()).json()) as { command: { id: number }; created: boolean };
    expect(again).toMatchObject({ created: false, command: { id: command.id } });
    const conflict = await call('POST', `${WA}/chats/${chat.id}/messages/`, {
      key,
      body: { body: 'otro texto', idempotencyKey: 'k-1' },
    });
    expect(conflict.status).toBe(409);
    expect(await get(`${WA}/commands/${command.id}/`)).toMatchObject({ id: command.id, status: 'pending' });

    const left = await createGroup(t.db, { sessionId: session.id, weAreMember: false });
    expect(
      (await call('POST', `${WA}/chats/${left.id}/messages/`, { key, body: { body: 'x' } })).status,
    ).toBe(409);
  });

  it('queues a sync of the chat list or of one chat’s history', async () => {
    const list = await call('POST', `${WA}/sync/`, { key });
    expect(list.status).toBe(202);
    expect(await list.json()).toMatchObject({ command: { kind: 'sync_chats' } });
    const chat = await createChat(t.db, { sessionId: session.id });
    const one = await call('POST', `${WA}/sync/`, { key, body: { chatId: chat.waId, limit: 500 } });
    expect(await one.json()).toMatchObject({
      command: { kind: 'sync_chat_messages', payload: { chatId: chat.waId, limit: 500 } },
    });
  });

  it('binds an experience by chat id or WhatsApp id, and null goes back to the operator default', async () => {
    const s = await requestScenario(t.db, { group: 'operator_default' });
    // requestScenario creates its own session; bind inside it.
    const other = await createGroup(t.db, { sessionId: s.session.id, name: 'Grupo override' });
    const path = `${WA}/experiences/${s.experience.id}/group/`;
    let res = await call('PATCH', path, { key, body: { chatId: other.id } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      group: { chatId: other.id, source: 'override', name: 'Grupo override' },
    });
    res = await call('PATCH', path, { key, body: { chatId: null } });
    expect(await res.json()).toMatchObject({ group: { chatId: s.group.id, source: 'operator_default' } });
    res = await call('PATCH', `${path}?session=${s.session.name}`, { key, body: { chatId: other.waId } });
    expect(await res.json()).toMatchObject({ group: { chatId: other.id, source: 'override' } });
    res = await call('PATCH', path, { key, body: { chatId: String(s.customer.id) } });
    expect(res.status).toBe(422); // not a group
    const listed = await get<Page<{ id: number; organizer: { name: string }; operator: { id: number } }>>(
      `${WA}/experiences/?q=${encodeURIComponent('Kayak en')}`,
    );
    expect(listed.items[0]).toMatchObject({
      id: s.experience.id,
      organizer: { name: 'Kayak Sur' },
      group: { source: 'override' },
    });
  });

  it('sets and clears an operator’s default group', async () => {
    const s = await requestScenario(t.db, { group: 'none' });
    const path = `${WA}/operators/${s.operator.id}/default-group/`;
    let res = await call('PATCH', path, { key, body: { chatId: s.group.id } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      defaultGroup: { chatId: s.group.id },
      experienceCount: 1,
      followingDefaultCount: 1,
    });
    res = await call('PATCH', path, { key, body: { chatId: null } });
    expect(await res.json()).toMatchObject({ defaultGroup: null });
    const operators = await get<Page<{ id: number }>>(`${WA}/operators/?q=kayak`);
    expect(operators.items.map((o) => o.id)).toContain(s.operator.id);
  });

  it('lists reservation requests by status, shows one with its trace, and replays a failed one', async () => {
    const s = await requestScenario(t.db, { group: 'none', operatorPhone: null });
    const { processStoredMessages } = await import('../lib/reservations/process-messages');
    const message = await createMessage(t.db, {
      sessionId: s.session.id,
      chatId: s.customer.id,
      body: s.reservation.code,
    });
    const { created } = await processStoredMessages(t.db, {
      sessionId: s.session.id,
      messageIds: [message.id],
    });
    const list = await get<Page<{ id: number; status: string }>>(
      `${WA}/reservation-requests/?status=unmatched,notify_failed`,
    );
    expect(list.items.map((r) => r.id)).toContain(created[0]);
    const detail = await get<{ trace: unknown[]; code: string }>(`${WA}/reservation-requests/${created[0]}/`);
    expect(detail.code).toBe(s.reservation.code);
    expect(detail.trace.length).toBeGreaterThan(1);
    const replay = await call('POST', `${WA}/reservation-requests/${created[0]}/replay/`, { key });
    expect(replay.status).toBe(200);
    const bad = await call('GET', `${WA}/reservation-requests/?status=nonsense`, { key });
    expect(bad.status).toBe(400);
  });

  it('upserts platform data: 201 created, 200 updated, 404 for a missing parent', async () => {
    const org = await call('PUT', '/api/v1/platform/organizers/org-77/', {
      key,
      body: { name: 'Aventura Sur' },
    });
    expect(org.status).toBe(201);
    const orgAgain = await call('PUT', '/api/v1/platform/organizers/org-77/', {
      key,
      body: { name: 'Aventura Sur SpA' },
    });
    expect(orgAgain.status).toBe(200);
    const exp = await call('PUT', '/api/v1/platform/experiences/exp-77/', {
      key,
      body: { organizerExternalId: 'org-77', title: 'Trekking' },
    });
    expect(exp.status).toBe(201);
    expect(await exp.json()).toMatchObject({
      operatorCreated: true,
      experience: { title: 'Trekking', group: { source: 'none' } },
    });
    const res = await call('PUT', '/api/v1/platform/reservations/res-77abc/', {
      key,
      body: { experienceExternalId: 'exp-77', customerName: 'Lucía', partySize: 2 },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ reservation: { code: 'RES-77ABC' } });
    const missing = await call('PUT', '/api/v1/platform/experiences/exp-78/', {
      key,
      body: { organizerExternalId: 'org-nope', title: 'X' },
    });
    expect(missing.status).toBe(404);
    const read = await createKey(t.db, 'read');
    expect(
      (await call('PUT', '/api/v1/platform/organizers/org-78/', { key: read.key, body: { name: 'X' } }))
        .status,
    ).toBe(403);
  });

  it('manages webhook endpoints: the secret is shown once, listed only as a hint', async () => {
    const created = await call('POST', '/api/v1/superadmin/webhooks/endpoints/', {
      key,
      body: { url: 'https://example.com/hooks', events: ['message.received'] },
    });
    expect(created.status).toBe(201);
    const { endpoint, secret } = (await created.json()) as { endpoint: { id: number }; secret: string };
    expect(secret).toMatch(/^whsec_/);
    const list = await call('GET', '/api/v1/superadmin/webhooks/endpoints/', { key });
    const text = await list.text();
    expect(text).toContain('https://example.com/hooks');
    expect(text).not.toContain(secret);
    const paused = await call('PATCH', `/api/v1/superadmin/webhooks/endpoints/${endpoint.id}/`, {
      key,
      body: { active: false },
    });
    expect(await paused.json()).toMatchObject({ active: false });
    const rotated = await call(
      'POST',
      `/api/v1/superadmin/webhooks/endpoints/${endpoint.id}/rotate-secret/`,
      { key },
    );
    expect(((await rotated.json()) as { secret: string }).secret).not.toBe(secret);
    const empty = await call('PATCH', `/api/v1/superadmin/webhooks/endpoints/${endpoint.id}/`, {
      key,
      body: {},
    });
    expect(empty.status).toBe(422);
    const removed = await call('DELETE', `/api/v1/superadmin/webhooks/endpoints/${endpoint.id}/`, { key });
    expect(removed.status).toBe(200);
    expect((await call('GET', `/api/v1/superadmin/webhooks/endpoints/${endpoint.id}/`, { key })).status).toBe(
      404,
    );
    const deliveries = await get<Page<unknown>>('/api/v1/superadmin/webhooks/deliveries/?status=dead');
    expect(deliveries.items).toEqual([]);
  });
});
