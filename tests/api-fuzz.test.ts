import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS, type Operation } from '../lib/api/openapi/operations';
import { closeProcessAuthCache } from '../lib/auth/auth-cache';
import { enqueueCommand } from '../lib/commands/enqueue';
import { apiKeys, organizers, rateLimits } from '../lib/db/schema';
import { processStoredMessages } from '../lib/reservations/process-messages';
import { createWebhookEndpoint } from '../lib/webhooks/endpoints';
import { enqueueWebhookEvent } from '../lib/webhooks/enqueue';
import {
  type CallOptions,
  call,
  createKey,
  createUserWithCookie,
  errorOf,
  useTestDbForRoutes,
} from './support/api';
import { createTestDb, type TestDb } from './support/db';
import { createMessage } from './support/factories';
import {
  BAD_NUMERIC_IDS,
  BAD_STRING_IDS,
  badQueryValues,
  databaseFingerprint,
  MALFORMED_JSON,
  NOT_OBJECTS,
  wrongTypeBodies,
} from './support/fuzz';
import { requestScenario } from './support/pipeline';

/**
 * Every documented operation (the OpenAPI test ties that list to the route files on disk) gets malformed JSON,
 * wrong types, missing fields, huge bodies, and SQL/HTML/Unicode where they are not allowed. Each answer must
 * be a 4xx with the error shape, and the database must not change at all.
 */
describe('fuzzing every endpoint', () => {
  let t: TestDb;
  let auth: { key: string; cookie: string };
  const params: Record<string, string> = {};
  const bases = new Map<string, Record<string, unknown>>();
  const failures: string[] = [];

  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    const s = await requestScenario(t.db);
    await t.db.execute(sql`update whatsapp_sessions set name = 'default' where id = ${s.session.id}`);
    const message = await createMessage(t.db, {
      sessionId: s.session.id,
      chatId: s.customer.id,
      body: s.reservation.code,
    });
    const { created } = await processStoredMessages(t.db, {
      sessionId: s.session.id,
      messageIds: [message.id],
    });
    const { command } = await enqueueCommand(t.db, { sessionId: s.session.id, kind: 'sync_chats' });
    const admin = await createUserWithCookie(t.db, 'superadmin');
    const viewer = await createUserWithCookie(t.db, 'viewer');
    const write = await createKey(t.db, 'write');
    const other = await createKey(t.db, 'read');
    // Far in the future: the "last used" write (at most once a minute) must not count as a change.
    await t.db.update(apiKeys).set({ lastUsedAt: new Date(Date.now() + 86_400_000) });
    const { endpoint } = await createWebhookEndpoint(
      t.db,
      { url: 'https://example.com/h', events: ['session.status'] },
      { type: 'system' },
    );
    await enqueueWebhookEvent(t.db, 'session.status', { n: 1 });
    const [delivery] = await t.db.execute<{ id: string }>(
      sql`select id::text from webhook_deliveries limit 1`,
    );
    auth = { key: write.key, cookie: admin.cookie };
    Object.assign(params, {
      chats: String(s.customer.id),
      experiences: String(s.experience.id),
      operators: String(s.operator.id),
      'reservation-requests': String(created[0]),
      commands: String(command.id),
      messages: String(message.id),
      users: String(viewer.user.id),
      'api-keys': String(other.apiKey.id),
      endpoints: String(endpoint.id),
      deliveries: delivery!.id,
      organizers: s.organizer.externalId!,
      'platform-experiences': s.experience.externalId!,
      reservations: s.reservation.code,
      sessions: 'default',
      groups: String(s.group.id),
    });
    const validMessage = {
      id: '3EB0FUZZ',
      chatId: '56911112222@c.us',
      body: 'hola',
      timestamp: 1_767_000_000,
    };
    const bodies: Record<string, Record<string, unknown>> = {
      'post /chats/{id}/messages/': { body: 'hola', idempotencyKey: 'k' },
      'post /messages/{id}/reactions/': { emoji: '👍' },
      'post /sync/': { chatId: s.customer.id, limit: 10 },
      'post /session/pairing-code/': { phone: '56911112222' },
      'post /whatsapp/sessions/': { name: 'fuzz-number', label: 'Fuzz' },
      'patch /sessions/{name}/': { label: 'Ventas' },
      'delete /sessions/{name}/': { messages: 'keep' },
      'patch /settings/': {
        notifyAckTimeoutSeconds: 120,
        confirmWords: ['ok'],
        sendingPace: { jitterMs: 10 },
      },
      'patch /experiences/{id}/group/': { chatId: s.group.id },
      'patch /operators/{id}/default-group/': { chatId: s.group.id },
      'post /operators/{id}/group/': { colleagues: ['+56911112222'] },
      'post /chats/{id}/read/': { read: true },
      'patch /groups/{id}/': { name: 'Grupo' },
      'post /groups/{id}/participants/': { action: 'add', participants: ['+56911112222'] },
      'put /organizers/{externalId}/': { name: 'Org', email: 'a@b.cl', phone: '+56911112222' },
      'put /experiences/{externalId}/': {
        organizerExternalId: s.organizer.externalId,
        title: 'T',
        status: 'draft',
      },
      'put /reservations/{code}/': {
        experienceExternalId: s.experience.externalId,
        customerName: 'C',
        partySize: 2,
        date: '2026-12-01',
        status: 'pending',
      },
      'post /users/': { email: 'new@tuki.test', role: 'viewer', password: 'long-enough-pass' },
      'patch /users/{id}/': { role: 'viewer', disabled: false, name: 'N' },
      'post /users/{id}/password/': { password: 'long-enough-pass' },
      'post /api-keys/': { name: 'k', scope: 'read' },
      'post /webhooks/endpoints/': {
        url: 'https://x.test/h',
        events: ['message.received'],
        secret: 's'.repeat(20),
      },
      'patch /webhooks/endpoints/{id}/': {
        url: 'https://x.test/h',
        active: false,
        events: ['session.status'],
      },
      'post /webhook/process-message/': { session: 'default', message: validMessage },
      'post /webhook/status/': { session: 'default', status: 'ready', phone: '+56911112222' },
      'post /webhook/qr/': { session: 'default', qr: 'abc', ttlSeconds: 30 },
    };
    for (const [k, v] of Object.entries(bodies)) bases.set(k, v);
  });
  afterAll(() => t.drop());

  const baseFor = (op: Operation) =>
    [...bases.entries()].find(([k]) => {
      const [method, suffix] = k.split(' ');
      return method === op.method && op.path.endsWith(suffix!);
    })?.[1];

  const urlFor = (op: Operation, override?: string) =>
    op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (override !== undefined) return encodeURIComponent(override);
      const segment = op.path.split('/').at(op.path.split('/').indexOf(`{${name}}`) - 1)!;
      const key =
        segment === 'experiences' && op.path.includes('/platform/') ? 'platform-experiences' : segment;
      return encodeURIComponent(params[key] ?? '1');
    });

  const optionsFor = (op: Operation, extra: CallOptions): CallOptions => ({
    ...(op.access === 'admin' ? { cookie: auth.cookie } : op.access === 'signature' ? {} : { key: auth.key }),
    ...(op.access === 'signature' ? { sign: {} } : {}),
    ...extra,
  });

  async function expect4xx(op: Operation, label: string, url: string, extra: CallOptions, status?: number) {
    // Hundreds of requests in seconds would trip the per-key limit, which is not what is tested here: clear
    // the shared windows and the process's in-memory counts of them (lib/auth/batched-rate-limit.ts).
    await t.db.delete(rateLimits);
    await closeProcessAuthCache();
    const res = await call(op.method.toUpperCase(), url, optionsFor(op, extra));
    const where = `${op.method.toUpperCase()} ${url.slice(0, 120)} [${label}] → ${res.status}`;
    if (res.status < 400 || res.status >= 500 || (status !== undefined && res.status !== status)) {
      failures.push(`${where}: ${(await res.text()).slice(0, 200)}`);
      return;
    }
    try {
      await errorOf(res);
    } catch (error) {
      failures.push(`${where}: ${(error as Error).message}`);
    }
  }

  // About 1,400 requests: seconds on an idle machine, more on a busy two-core one.
  it('answers every bad input with a 4xx in the error shape and leaves the database untouched', {
    timeout: 180_000,
  }, async () => {
    const before = await databaseFingerprint(t.db);
    for (const op of OPERATIONS) {
      const base = baseFor(op);
      // Path parameters that name nothing, or are not ids at all (with an otherwise valid body).
      for (const name of op.path.match(/\{(\w+)\}/g) ?? []) {
        const bad = name === '{id}' ? BAD_NUMERIC_IDS : BAD_STRING_IDS;
        for (const value of bad)
          await expect4xx(op, `path ${value.slice(0, 20)}`, urlFor(op, value), { body: base });
      }
      // Query parameters the schema rejects, and cursors that were never issued.
      if (op.query) {
        for (const key of Object.keys(op.query.shape))
          for (const value of badQueryValues(op.query, key))
            await expect4xx(
              op,
              `?${key}`,
              `${urlFor(op)}?${key}=${encodeURIComponent(value)}`,
              { body: base },
              400,
            );
        if ('cursor' in op.query.shape)
          for (const cursor of [
            'garbage',
            Buffer.from('{"k":1}').toString('base64url'),
            Buffer.from('[]').toString('base64url'),
          ])
            await expect4xx(op, 'cursor', `${urlFor(op)}?cursor=${cursor}`, {});
      }
      if (!op.body) continue;
      const url = urlFor(op);
      for (const text of MALFORMED_JSON) await expect4xx(op, `malformed ${text}`, url, { body: text }, 400);
      for (const text of NOT_OBJECTS) await expect4xx(op, `not an object ${text}`, url, { body: text }, 422);
      await expect4xx(
        op,
        'text/plain',
        url,
        { body: JSON.stringify(base), headers: { 'content-type': 'text/plain' } },
        415,
      );
      await expect4xx(
        op,
        'form',
        url,
        { body: 'a=1&b=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        415,
      );
      await expect4xx(
        op,
        'huge',
        url,
        { body: JSON.stringify({ ...base, pad: 'x'.repeat(3 * 1024 * 1024) }) },
        413,
      );
      if (base)
        for (const { label, body } of wrongTypeBodies(op.body, base))
          await expect4xx(op, label, url, { body });
      if (op.access === 'signature')
        await expect4xx(op, 'unsigned', url, { body: base, sign: undefined }, 401);
    }
    expect(failures).toEqual([]);
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('has a valid sample body for every operation that takes one (add it above when adding a route)', () => {
    expect(OPERATIONS.filter((op) => op.body && !baseFor(op)).map((op) => `${op.method} ${op.path}`)).toEqual(
      [],
    );
  });

  it('never answers 5xx to a lying Content-Length or a body on a GET', async () => {
    for (const op of OPERATIONS.filter((o) => o.method === 'get')) {
      const res = await call('GET', urlFor(op), optionsFor(op, {}));
      expect(res.status, op.path).toBeLessThan(500);
    }
    const op = OPERATIONS.find((o) => o.path.endsWith('/organizers/{externalId}/'))!;
    await expect4xx(
      op,
      'content-length',
      urlFor(op),
      { body: '{}', headers: { 'content-length': String(10 ** 9) } },
      413,
    );
    expect(failures).toEqual([]);
  });

  it('stores SQL, HTML and Unicode verbatim where text is allowed: data, never code', async () => {
    const name = `Robert'); DROP TABLE organizers;-- <script>alert(1)</script> ñandú 🦙 \u202Eevil`;
    const res = await call('PUT', '/api/v1/platform/organizers/org-nasty/', {
      key: auth.key,
      body: { name },
    });
    expect(res.status).toBe(201);
    const [row] = await t.db.select().from(organizers).where(eq(organizers.externalId, 'org-nasty'));
    expect(row!.name).toBe(name.trim());
    const search = await call(
      'GET',
      `/api/v1/superadmin/whatsapp/operators/?q=${encodeURIComponent("' OR 1=1 --")}`,
      {
        key: auth.key,
      },
    );
    expect(search.status).toBe(200);
    expect(((await search.json()) as { items: unknown[] }).items).toEqual([]);
  });
});
