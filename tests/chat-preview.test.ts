import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getChat, listChats } from '../lib/whatsapp/list-chats';
import { createTestDb, type TestDb } from './support/db';
import { createChat, createMessage, createSession } from './support/factories';

describe('chat list preview line', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it("shows each chat's own newest message, not another chat's", async () => {
    const session = await createSession(t.db);
    const ana = await createChat(t.db, { sessionId: session.id, name: 'Ana' });
    const pedro = await createChat(t.db, { sessionId: session.id, name: 'Pedro' });
    const at = (minutes: number) => new Date(Date.UTC(2026, 10, 27, 12, minutes));
    await createMessage(t.db, {
      sessionId: session.id,
      chatId: ana.id,
      body: 'Hola, soy Ana',
      timestamp: at(1),
    });
    await createMessage(t.db, {
      sessionId: session.id,
      chatId: ana.id,
      body: 'Ana: ¿hay cupos?',
      timestamp: at(2),
    });
    await createMessage(t.db, {
      sessionId: session.id,
      chatId: pedro.id,
      body: 'Pedro: gracias',
      timestamp: at(3),
    });

    const { items } = await listChats(t.db, { sessionId: session.id, order: 'name' });
    const preview = Object.fromEntries(items.map((c) => [c.name, c.lastMessage?.body]));
    expect(preview).toEqual({ Ana: 'Ana: ¿hay cupos?', Pedro: 'Pedro: gracias' });
    expect((await getChat(t.db, ana.id)).lastMessage?.body).toBe('Ana: ¿hay cupos?');
  });

  it('filters to chats with unread messages', async () => {
    const session = await createSession(t.db);
    await createChat(t.db, { sessionId: session.id, name: 'Leído', unreadCount: 0 });
    await createChat(t.db, { sessionId: session.id, name: 'Pendiente', unreadCount: 3 });
    const { items } = await listChats(t.db, { sessionId: session.id, unread: true });
    expect(items.map((c) => c.name)).toEqual(['Pendiente']);
  });
});
