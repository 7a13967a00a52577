import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config';
import { createWebhookEndpoint } from '../lib/webhooks/endpoints';
import { enqueueMediaStoredEvent, enqueueMessageReceivedEvents } from '../lib/webhooks/events';
import { createTestDb, type TestDb } from './support/db';
import { createChat, createMessage, createSession } from './support/factories';

// Read once by getConfig(), the first time an event is built below.
process.env.PUBLIC_URL = 'https://tuki.example.com/panel/';

/** Webhook receivers are not on our site: with PUBLIC_URL set, a file's `url` in a payload is absolute. */
describe('media links in webhook payloads', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    delete process.env.PUBLIC_URL;
    await t.drop();
  });

  it('makes the url of message.received and message.media_stored absolute with PUBLIC_URL', async () => {
    await createWebhookEndpoint(
      t.db,
      { url: 'https://hooks.example.com/in', events: ['message.received', 'message.media_stored'] },
      { type: 'system' },
    );
    const session = await createSession(t.db, { name: 'default' });
    const chat = await createChat(t.db, { sessionId: session.id });
    const message = await createMessage(t.db, {
      sessionId: session.id,
      chatId: chat.id,
      type: 'image',
      hasMedia: true,
      mediaMimetype: 'image/jpeg',
      mediaSize: 1234,
    });
    await enqueueMessageReceivedEvents(t.db, { sessionId: session.id, messageIds: [message.id] });
    await enqueueMediaStoredEvent(t.db, { messageId: message.id });
    const rows = await t.sql<
      { event: string; payload: { message: { url?: string; media?: { url: string } } } }[]
    >`
      select event, payload from webhook_deliveries order by id`;
    const link = `https://tuki.example.com/panel/api/v1/whatsapp/messages/${message.id}/media/`;
    expect(rows.map((r) => [r.event, r.payload.message.media?.url ?? r.payload.message.url])).toEqual([
      ['message.received', link],
      ['message.media_stored', link],
    ]);
  });

  it('takes only an http(s) address without query, fragment or credentials', () => {
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:3000/' }).PUBLIC_URL).toBe('http://localhost:3000');
    expect(loadConfig({}).PUBLIC_URL).toBeUndefined();
    const bad = ['ftp://tuki.example.com', 'tuki.example.com', 'https://x.cl/?a=1', 'https://u:p@x.cl'];
    // Empty query, fragment or credentials: the parsed URL hides them, the links made from the text do not.
    bad.push('https://x.cl?', 'https://x.cl/panel?', 'https://x.cl#', 'https://@x.cl');
    for (const value of bad)
      expect(() => loadConfig({ PUBLIC_URL: value }), value).toThrow(
        /PUBLIC_URL must be the http\(s\) address/,
      );
  });
});
