import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../lib/events/chat-rows';
import { EventHub } from '../lib/events/hub';
import { publish } from '../lib/events/notify';
import { getChat } from '../lib/whatsapp/list-chats';
import { withChatRows } from '../lib/whatsapp/live-rows';
import { createTestDb, type TestDb } from './support/db';
import { createChat, createMessage, createSession } from './support/factories';

describe('live events carry the rows of the chats they name', () => {
  let t: TestDb;
  let sessionId: number;
  let chatIds: number[];
  beforeAll(async () => {
    t = await createTestDb();
    sessionId = (await createSession(t.db)).id;
    chatIds = [];
    for (const name of ['Ana', 'Beto']) {
      const chat = await createChat(t.db, { sessionId, name, lastMessageAt: new Date() });
      await createMessage(t.db, { sessionId, chatId: chat.id, body: `hola de ${name}` });
      chatIds.push(chat.id);
    }
  });
  afterAll(() => t.drop());

  it('attaches each named chat as GET /chats/{id}/ shows it, and leaves out one that is gone', async () => {
    const event = await withChatRows(t.db, { type: 'messages', sessionId, chatIds: [...chatIds, 987654] });
    expect(event.chats).toHaveLength(2);
    for (const id of chatIds) {
      const row = event.chats?.find((chat) => chat.id === id);
      expect(row).toEqual(JSON.parse(JSON.stringify(await getChat(t.db, id))));
    }
    expect(event.chats?.find((chat) => chat.id === chatIds[0])?.lastMessage?.body).toBe('hola de Ana');
  });

  it('sends a burst, and events about anything but chats, as they are', async () => {
    const many = Array.from({ length: 11 }, (_, i) => i + 1);
    expect(await withChatRows(t.db, { type: 'chats', sessionId, chatIds: many })).toEqual({
      type: 'chats',
      sessionId,
      chatIds: many,
    });
    expect(await withChatRows(t.db, { type: 'session', sessionId })).toEqual({ type: 'session', sessionId });
  });

  it('the hub keeps PostgreSQL’s order though rows arrive out of order, and sends an event bare when its rows fail', async () => {
    let calls = 0;
    const hub = new EventHub(
      () => t.sql,
      async (event) => {
        calls++;
        if (calls === 1) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          return { ...event, chats: [] };
        }
        if (calls === 2) throw new Error('database blip');
        return event;
      },
    );
    const received: StreamEvent[] = [];
    const unsubscribe = await hub.subscribe((event) => received.push(event));
    for (const chatId of [1, 2, 3]) await publish(t.sql, { type: 'messages', sessionId, chatIds: [chatId] });
    const deadline = Date.now() + 10_000;
    while (received.length < 3 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    unsubscribe();
    expect(received.map((event) => ('chatIds' in event ? event.chatIds[0] : null))).toEqual([1, 2, 3]);
    expect(received[0]?.chats).toEqual([]);
    expect(received[1]?.chats).toBeUndefined();
  });
});
