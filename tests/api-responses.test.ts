import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../lib/api/openapi/operations';
import { enqueueWebhookEvent } from '../lib/webhooks/enqueue';
import { call, createKey, createUserWithCookie, useTestDbForRoutes } from './support/api';
import { createTestDb, type TestDb } from './support/db';
import { createMessage } from './support/factories';
import { notifiedScenario } from './support/pipeline';

/**
 * The response schemas are the dashboard's types and the OpenAPI document's answers: real answers must parse
 * with them, or the dashboard would read fields that are not there.
 */
describe('API responses match their declared schemas', () => {
  let t: TestDb;
  let key: string;
  let cookie: string;
  let urls: Record<string, string>;
  let session: string;
  let chatId: number;

  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    key = (await createKey(t.db, 'write')).key;
    const admin = await createUserWithCookie(t.db, 'superadmin');
    cookie = admin.cookie;
    const endpoint = await call('POST', '/api/v1/superadmin/webhooks/endpoints/', {
      key,
      body: { url: 'https://hooks.example.com/tuki', events: ['message.received'] },
    });
    expect(endpoint.status).toBe(201);
    await enqueueWebhookEvent(t.db, 'message.received', { sample: true });
    const s = await notifiedScenario(t.db, { group: 'operator_default' });
    await createMessage(t.db, { sessionId: s.session.id, chatId: s.group.id, body: 'Listo' });
    session = `?session=${s.session.name}`;
    chatId = s.customer.id;
    const WA = '/api/v1/superadmin/whatsapp';
    urls = {
      [`get ${WA}/status/`]: `${WA}/status/${session}`,
      [`get ${WA}/qr/`]: `${WA}/qr/${session}`,
      [`get ${WA}/sessions/`]: `${WA}/sessions/`,
      [`get ${WA}/sessions/{name}/`]: `${WA}/sessions/${s.session.name}/`,
      [`get ${WA}/chats/`]: `${WA}/chats/${session}`,
      [`get ${WA}/chats/{id}/`]: `${WA}/chats/${s.customer.id}/`,
      [`get ${WA}/chats/{id}/messages/`]: `${WA}/chats/${s.customer.id}/messages/`,
      [`get ${WA}/chats/{id}/details/`]: `${WA}/chats/${s.customer.id}/details/`,
      [`get ${WA}/groups/`]: `${WA}/groups/${session}`,
      [`get ${WA}/messages/search/`]: `${WA}/messages/search/${session}&q=listo`,
      [`get ${WA}/commands/{id}/`]: `${WA}/commands/${s.commandId}/`,
      [`get ${WA}/experiences/`]: `${WA}/experiences/`,
      [`get ${WA}/operators/`]: `${WA}/operators/`,
      [`get ${WA}/reservation-requests/`]: `${WA}/reservation-requests/`,
      [`get ${WA}/reservation-requests/{id}/`]: `${WA}/reservation-requests/${s.request.id}/`,
      'get /api/v1/superadmin/users/': '/api/v1/superadmin/users/',
      'get /api/v1/superadmin/users/{id}/': `/api/v1/superadmin/users/${admin.user.id}/`,
      'get /api/v1/superadmin/api-keys/': '/api/v1/superadmin/api-keys/',
      'get /api/v1/superadmin/webhooks/endpoints/': '/api/v1/superadmin/webhooks/endpoints/',
      'get /api/v1/superadmin/webhooks/deliveries/': '/api/v1/superadmin/webhooks/deliveries/',
      'get /api/v1/superadmin/settings/': '/api/v1/superadmin/settings/',
      'get /api/v1/superadmin/overview/': `/api/v1/superadmin/overview/${session}`,
    };
  });
  afterAll(() => t.drop());

  it('every documented GET answer parses with its schema', async () => {
    const documented = OPERATIONS.filter((op) => op.method === 'get' && op.response);
    expect(documented.length).toBeGreaterThan(8);
    const problems: string[] = [];
    for (const op of documented) {
      const url = urls[`${op.method} ${op.path}`];
      if (!url) {
        problems.push(`no sample URL for ${op.path}`);
        continue;
      }
      const res = await call('GET', url, op.access === 'admin' ? { cookie } : { key });
      if (res.status !== 200) {
        problems.push(`${url} → ${res.status}`);
        continue;
      }
      const body = (await res.json()) as { items?: unknown[] };
      if (Array.isArray(body.items) && body.items.length === 0)
        problems.push(`${url}: empty page proves nothing`);
      const parsed = op.response!.safeParse(body);
      if (!parsed.success) problems.push(`${url}: ${JSON.stringify(parsed.error.issues).slice(0, 400)}`);
    }
    expect(problems).toEqual([]);
  });

  it('queued actions answer with the command to poll', async () => {
    const op = OPERATIONS.find((o) => o.method === 'post' && o.path.endsWith('/whatsapp/sync/'))!;
    const res = await call('POST', `/api/v1/superadmin/whatsapp/sync/${session}`, { key, body: { chatId } });
    expect(res.status).toBe(202);
    expect(op.response!.safeParse(await res.json()).error?.issues ?? []).toEqual([]);
  });
});
