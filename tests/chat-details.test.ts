import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatDetails } from '../lib/api/schemas/details';
import {
  auditLog,
  whatsappChats,
  whatsappContacts,
  whatsappGroupParticipants,
  whatsappSessions,
} from '../lib/db/schema';
import { call, createUserWithCookie, useTestDbForRoutes } from './support/api';
import { createTestDb, type TestDb } from './support/db';
import { createGroup } from './support/factories';
import { notifiedScenario } from './support/pipeline';

const WA = '/api/v1/superadmin/whatsapp';

describe('chat details and read state', () => {
  let t: TestDb;
  let s: Awaited<ReturnType<typeof notifiedScenario>>;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    s = await notifiedScenario(t.db);
    const me = '56900000000@c.us';
    await t.db.update(whatsappSessions).set({ meWid: me }).where(eq(whatsappSessions.id, s.session.id));
    await t.db.insert(whatsappContacts).values([
      {
        sessionId: s.session.id,
        wid: s.customer.waId,
        lid: '201234567890@lid',
        phone: '56991112222',
        name: 'Camila Rojas',
        pushName: 'Cami',
      },
      { sessionId: s.session.id, wid: '56961234501@c.us', name: 'Guía Kayak', pushName: null },
    ]);
    const other = await createGroup(t.db, { sessionId: s.session.id, name: 'Sin nosotros de admin' });
    await t.db.insert(whatsappGroupParticipants).values([
      { chatId: s.group.id, contactWid: me, isAdmin: true },
      { chatId: s.group.id, contactWid: '56961234501@c.us' },
      { chatId: s.group.id, contactWid: '201234567890@lid' },
      { chatId: other.id, contactWid: me },
    ]);
    await t.db
      .update(whatsappChats)
      .set({ description: 'Reservas del kayak', participantCount: 3 })
      .where(eq(whatsappChats.id, s.group.id));
    admin = (await createUserWithCookie(t.db, 'superadmin')).cookie;
    viewer = (await createUserWithCookie(t.db, 'viewer')).cookie;
  });
  afterAll(() => t.drop());

  const details = async (chatId: number) => {
    const res = await call('GET', `${WA}/chats/${chatId}/details/`, { cookie: viewer });
    expect(res.status).toBe(200);
    return chatDetails.parse(await res.json());
  };

  it('shows a person with names, phone, @lid, their reservation requests and the groups we share', async () => {
    const { person, group } = await details(s.customer.id);
    expect(group).toBeNull();
    expect(person).toMatchObject({
      name: 'Camila Rojas',
      pushName: 'Cami',
      phone: '+56991112222',
      lid: '201234567890@lid',
    });
    expect(person!.requests.map((r) => r.code)).toEqual([s.reservation.code]);
    expect(person!.sharedGroups.map((g) => g.name)).toEqual(['Reservas Kayak Sur']);
  });

  it('shows a group’s members with admins marked, our role, who it notifies and warnings', async () => {
    const { group } = await details(s.group.id);
    expect(group!.participants.map((p) => [p.name ?? p.phone, p.isAdmin, p.isMe])).toEqual([
      ['+56900000000', true, true],
      ['Camila Rojas', false, false],
      ['Guía Kayak', false, false],
    ]);
    expect(group).toMatchObject({ ourRole: 'admin', description: 'Reservas del kayak', warnings: [] });
    expect(group!.operators.map((o) => o.name)).toEqual(['Kayak Sur']);
    const notAdmin = (
      await t.db.select().from(whatsappChats).where(eq(whatsappChats.name, 'Sin nosotros de admin'))
    )[0]!;
    const other = await details(notAdmin.id);
    expect(other.group!.ourRole).toBe('member');
    expect(other.group!.warnings.map((w) => w.code)).toEqual(['not_admin']);
  });

  it('marks a chat unread and read again (writers only), audited', async () => {
    const path = `${WA}/chats/${s.customer.id}/read/`;
    expect((await call('POST', path, { cookie: viewer, body: { read: false } })).status).toBe(403);
    const unread = await call('POST', path, { cookie: admin, body: { read: false } });
    expect(await unread.json()).toEqual({ chatId: s.customer.id, unreadCount: 1, readReceipt: false });
    const read = await call('POST', path, { cookie: admin, body: { read: true } });
    expect(await read.json()).toEqual({ chatId: s.customer.id, unreadCount: 0, readReceipt: false });
    const actions = (await t.db.select().from(auditLog)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['chat.mark_unread', 'chat.mark_read']));
    expect(
      (await call('POST', `${WA}/chats/999999/read/`, { cookie: admin, body: { read: true } })).status,
    ).toBe(404);
  });
});
