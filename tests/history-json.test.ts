import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageItem } from '../lib/api/schemas/responses';
import { mediaDownloads, whatsappContacts, whatsappReactions } from '../lib/db/schema';
import { listMessagesJson, mediaUrlOf } from '../lib/whatsapp/list-messages';
import { createTestDb, type TestDb } from './support/db';
import { createChat, createMessage, createSession } from './support/factories';

/**
 * The history page is JSON text written by PostgreSQL and passed on as is (lib/whatsapp/list-messages.ts).
 * What a client parses must be what the API documents, value for value: ISO timestamps in UTC with
 * milliseconds whatever the database's time zone, numbers as numbers, the media URL only once stored.
 */
describe('the history page as JSON text', () => {
  let t: TestDb;
  let sessionId: number;
  let chatId: number;
  beforeAll(async () => {
    t = await createTestDb();
    sessionId = (await createSession(t.db)).id;
    chatId = (await createChat(t.db, { sessionId, waId: '56911112222@c.us' })).id;
  });
  afterAll(() => t.drop());

  /** A page read in another time zone than UTC: the database's own zone must not show through. */
  const page = async (limit = 10) => {
    const text = await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local time zone 'America/Santiago'`);
      return listMessagesJson(tx, { chatId, limit });
    });
    return JSON.parse(text) as { items: Record<string, unknown>[] };
  };

  it('answers every field of a rich message as the API documents it', async () => {
    const quotedOne = await createMessage(t.db, {
      sessionId,
      chatId,
      protocolId: 'QUOTED1',
      body: 'la original',
      timestamp: new Date('2026-11-30T09:00:00.000Z'),
    });
    const photo = await createMessage(t.db, {
      sessionId,
      chatId,
      protocolId: 'PHOTO1',
      fromMe: false,
      senderWid: '56911112222@c.us',
      body: 'mira "esto"\n\\ ñandú 🎉',
      type: 'image',
      ack: 2,
      hasMedia: true,
      isForwarded: true,
      quotedProtocolId: 'QUOTED1',
      timestamp: new Date('2026-11-30T10:00:00.123Z'),
      editedAt: new Date('2026-11-30T10:05:00.999Z'),
      previousBody: 'antes',
      mediaMimetype: 'image/jpeg',
      mediaSize: 5_000_000_000,
      mediaFilename: 'foto.jpg',
      mediaWidth: 800,
      mediaHeight: 600,
      mediaThumbnail: 'AAAA',
      location: { latitude: -33.45, longitude: -70.6667, name: 'Plaza', address: null },
      vcards: [{ name: 'Ana', numbers: ['+56 9 1111 2222'] }],
    });
    await t.db.insert(mediaDownloads).values({ messageId: photo.id, sessionId, state: 'stored' });
    await t.db.insert(whatsappContacts).values({ sessionId, wid: '56933334444@c.us', name: 'Berta' });
    await t.db.insert(whatsappReactions).values([
      {
        sessionId,
        messageProtocolId: 'PHOTO1',
        messageFromMe: false,
        senderWid: '56933334444@c.us',
        fromMe: false,
        emoji: '❤️',
        timestamp: new Date('2026-11-30T10:01:00Z'),
      },
      {
        sessionId,
        messageProtocolId: 'PHOTO1',
        messageFromMe: false,
        senderWid: '56900000000@c.us',
        fromMe: true,
        emoji: '👍',
        timestamp: new Date('2026-11-30T10:02:00Z'),
      },
    ]);

    const body = await page();
    const item = body.items[0]!;
    expect(item).toEqual({
      id: photo.id,
      chatId,
      protocolId: 'PHOTO1',
      serializedId: photo.serializedId,
      fromMe: false,
      senderWid: '56911112222@c.us',
      body: 'mira "esto"\n\\ ñandú 🎉',
      type: 'image',
      timestamp: '2026-11-30T10:00:00.123Z',
      ack: 2,
      hasMedia: true,
      isForwarded: true,
      quotedProtocolId: 'QUOTED1',
      editedAt: '2026-11-30T10:05:00.999Z',
      previousBody: 'antes',
      revokedAt: null,
      source: 'live',
      system: false,
      media: {
        mimetype: 'image/jpeg',
        size: 5_000_000_000,
        filehash: null,
        filename: 'foto.jpg',
        duration: null,
        width: 800,
        height: 600,
        thumbnail: 'AAAA',
        state: 'stored',
        url: mediaUrlOf(photo.id),
        error: null,
      },
      poll: null,
      quoted: {
        id: quotedOne.id,
        protocolId: 'QUOTED1',
        body: 'la original',
        type: 'chat',
        fromMe: false,
        senderWid: null,
      },
      reactions: [
        { emoji: '❤️', senderWid: '56933334444@c.us', senderName: 'Berta', fromMe: false },
        { emoji: '👍', senderWid: null, senderName: null, fromMe: true },
      ],
      location: { latitude: -33.45, longitude: -70.6667, name: 'Plaza', address: null },
      vcards: [{ name: 'Ana', numbers: ['+56 9 1111 2222'] }],
    });
    // Fields in the documented order, and nothing the schema does not know.
    expect(Object.keys(item)).toEqual(Object.keys(messageItem.shape));
    expect(messageItem.strict().safeParse(item).error?.issues ?? []).toEqual([]);
  });

  it('gives no media URL before the bytes are stored, and keeps a poll and a revoke', async () => {
    const voice = await createMessage(t.db, {
      sessionId,
      chatId,
      type: 'ptt',
      hasMedia: true,
      mediaMimetype: 'audio/ogg; codecs=opus',
      mediaDuration: 7,
      timestamp: new Date('2026-11-30T11:00:00.000Z'),
      revokedAt: new Date('2026-11-30T11:00:30.5Z'),
    });
    await t.db
      .insert(mediaDownloads)
      .values({ messageId: voice.id, sessionId, state: 'failed', error: 'timeout' });
    const poll = await createMessage(t.db, {
      sessionId,
      chatId,
      type: 'poll_creation',
      body: '¿Qué día?',
      pollName: '¿Qué día?',
      pollOptions: ['sábado', 'domingo'],
      timestamp: new Date('2026-11-30T12:00:00.000Z'),
    });
    const body = await page();
    const [pollItem, voiceItem] = body.items;
    expect(pollItem).toMatchObject({
      id: poll.id,
      poll: { name: '¿Qué día?', options: ['sábado', 'domingo'], allowMultiple: false },
      media: null,
      quoted: null,
      reactions: [],
    });
    expect(voiceItem).toMatchObject({
      id: voice.id,
      revokedAt: '2026-11-30T11:00:30.500Z',
      media: {
        mimetype: 'audio/ogg; codecs=opus',
        duration: 7,
        state: 'failed',
        url: null,
        error: 'timeout',
      },
    });
  });
});
