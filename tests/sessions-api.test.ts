import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, mediaDownloads, whatsappChats, whatsappSessions } from '../lib/db/schema';
import { mediaStore } from '../lib/media/store';
import { call, createKey, createUserWithCookie, useTestDbForRoutes } from './support/api';
import { createTestDb, type TestDb } from './support/db';
import { createChat, createMessage, createSession } from './support/factories';

const WA = '/api/v1/superadmin/whatsapp';

interface View {
  session: string;
  label: string | null;
  desiredState: 'running' | 'stopped';
  waiting: { reason: string; message: string } | null;
  status: string;
}

/** Several WhatsApp numbers managed over the API: add, list, rename, start/stop, restart/logout, delete. */
describe('WhatsApp numbers API', () => {
  let t: TestDb;
  let key: string;
  let readKey: string;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    key = (await createKey(t.db, 'write')).key;
    readKey = (await createKey(t.db, 'read')).key;
    admin = (await createUserWithCookie(t.db, 'superadmin')).cookie;
    viewer = (await createUserWithCookie(t.db, 'viewer')).cookie;
    await createSession(t.db, { name: 'default', status: 'ready', heartbeatAt: new Date() });
  });
  afterAll(() => t.drop());

  it('adds a number with a label, lists it next to the default one, and audits who added it', async () => {
    const res = await call('POST', `${WA}/sessions/`, {
      cookie: admin,
      body: { name: 'ventas', label: 'Ventas' },
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as View;
    expect(created).toMatchObject({ session: 'ventas', label: 'Ventas', desiredState: 'running' });
    // No worker is alive in this test: the number says why it does not start.
    expect(created.waiting?.reason).toBe('no_worker');

    const list = (await (await call('GET', `${WA}/sessions`, { key: readKey })).json()) as { items: View[] };
    expect(list.items.map((s) => s.session)).toEqual(['default', 'ventas']);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'session.create'));
    expect(audit).toMatchObject({ targetType: 'whatsapp_session' });

    const again = await call('POST', `${WA}/sessions/`, { key, body: { name: 'ventas' } });
    expect(again.status).toBe(409);
  });

  it('refuses invalid names and labels with the field that is wrong', async () => {
    const bad = await call('POST', `${WA}/sessions/`, { key, body: { name: 'con espacios' } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain('name');
    const long = await call('POST', `${WA}/sessions/`, { key, body: { name: 'ok', label: 'x'.repeat(81) } });
    expect(long.status).toBe(422);
    const del = await call('DELETE', `${WA}/sessions/ventas/`, { key, body: { messages: 'maybe' } });
    expect(del.status).toBe(422);
    expect((await call('GET', `${WA}/sessions/nope/`, { key })).status).toBe(404);
  });

  it('lets viewers and read keys see the numbers but never change them', async () => {
    expect((await call('GET', `${WA}/sessions/ventas/`, { cookie: viewer })).status).toBe(200);
    const tries = [
      call('POST', `${WA}/sessions/`, { cookie: viewer, body: { name: 'nueva' } }),
      call('POST', `${WA}/sessions/ventas/stop/`, { cookie: viewer }),
      call('PATCH', `${WA}/sessions/ventas/`, { cookie: viewer, body: { label: 'Otro' } }),
      call('DELETE', `${WA}/sessions/ventas/`, { cookie: viewer, body: { messages: 'purge' } }),
      call('POST', `${WA}/sessions/ventas/restart/`, { key: readKey }),
    ];
    for (const res of await Promise.all(tries)) expect(res.status).toBe(403);
    const [row] = await t.db.select().from(whatsappSessions).where(eq(whatsappSessions.name, 'ventas'));
    expect(row).toMatchObject({ label: 'Ventas', desiredState: 'running', deletedAt: null });
  });

  it('renames, stops, refuses a restart while stopped, starts again and queues restart and logout', async () => {
    const renamed = await call('PATCH', `${WA}/sessions/ventas/`, { key, body: { label: 'Ventas norte' } });
    expect(((await renamed.json()) as View).label).toBe('Ventas norte');

    const stopped = await call('POST', `${WA}/sessions/ventas/stop/`, { key });
    expect(((await stopped.json()) as View).desiredState).toBe('stopped');
    expect((await call('POST', `${WA}/sessions/ventas/restart/`, { key })).status).toBe(409);

    const started = await call('POST', `${WA}/sessions/ventas/start/`, { cookie: admin });
    expect(((await started.json()) as View).desiredState).toBe('running');
    for (const action of ['restart', 'logout']) {
      const res = await call('POST', `${WA}/sessions/ventas/${action}/`, { key });
      expect(res.status).toBe(202);
      expect(((await res.json()) as { command: { kind: string } }).command.kind).toBe(action);
    }
    const actions = (await t.db.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['session.rename', 'session.stop', 'session.start', 'session.restart']),
    );
  });

  it('keeps the original single-number paths working on the default number', async () => {
    const status = await call('GET', `${WA}/status/`, { key });
    expect(((await status.json()) as View).session).toBe('default');
    expect((await call('POST', `${WA}/session/restart/`, { key })).status).toBe(202);
  });

  it('deletes keeping the chats read-only, or purging them; either way the number leaves every list', async () => {
    const kept = await createSession(t.db, { name: 'soporte' });
    await createChat(t.db, { sessionId: kept.id, name: 'Cliente soporte' });
    const res = await call('DELETE', `${WA}/sessions/soporte/`, { key, body: { messages: 'keep' } });
    expect(await res.json()).toEqual({ session: 'soporte', deleted: true, messages: 'keep' });
    const list = (await (await call('GET', `${WA}/sessions/`, { key })).json()) as { items: View[] };
    expect(list.items.map((s) => s.session)).not.toContain('soporte');
    expect((await call('GET', `${WA}/sessions/soporte/`, { key })).status).toBe(404);
    // Read-only: its chats still read, nothing can be queued for it.
    const chats = await call('GET', `${WA}/chats/?session=soporte`, { key });
    expect(((await chats.json()) as { items: unknown[] }).items).toHaveLength(1);
    expect((await call('POST', `${WA}/sync/?session=soporte`, { key, body: {} })).status).toBe(409);
    expect((await call('POST', `${WA}/sessions/`, { key, body: { name: 'soporte' } })).status).toBe(409);

    const purged = await createSession(t.db, { name: 'sur' });
    await createChat(t.db, { sessionId: purged.id, name: 'Cliente sur' });
    const gone = await call('DELETE', `${WA}/sessions/sur/`, { cookie: admin, body: { messages: 'purge' } });
    expect(gone.status).toBe(200);
    expect(await t.db.select().from(whatsappChats).where(eq(whatsappChats.sessionId, purged.id))).toEqual([]);
    expect((await call('GET', `${WA}/status/?session=sur`, { key })).status).toBe(404);
  });

  it('purging a number deletes the files only it had, and keeps one another number also received', async () => {
    const other = await createSession(t.db, { name: 'norte' });
    const purged = await createSession(t.db, { name: 'austral' });
    const store = mediaStore(t.db);
    const fileOf = async (sessionId: number, bytes: Buffer) => {
      const chat = await createChat(t.db, { sessionId });
      const message = await createMessage(t.db, {
        sessionId,
        chatId: chat.id,
        type: 'document',
        hasMedia: true,
      });
      const { sha256 } = await store.put(bytes, { mimetype: 'application/pdf' });
      await t.db.insert(mediaDownloads).values({ messageId: message.id, sessionId, state: 'stored', sha256 });
      return sha256;
    };
    const own = await fileOf(purged.id, Buffer.from('%PDF-1.4 solo de austral'));
    const shared = await fileOf(purged.id, Buffer.from('%PDF-1.4 compartido'));
    await fileOf(other.id, Buffer.from('%PDF-1.4 compartido'));
    // A file stored or reused minutes ago may be on its way into another number's message: it stays.
    const recent = await fileOf(purged.id, Buffer.from('%PDF-1.4 recién llegado'));
    await t.sql`update media_blobs set created_at = now() - interval '1 hour' where sha256 <> ${recent}`;
    const res = await call('DELETE', `${WA}/sessions/austral/`, { key, body: { messages: 'purge' } });
    expect(res.status).toBe(200);
    expect(await store.get(own)).toBeNull();
    expect(await store.get(recent)).not.toBeNull();
    expect(await t.sql`select 1 from media_blob_data where sha256 = ${own}`).toHaveLength(0);
    expect(await store.get(shared)).not.toBeNull();
  });
});
