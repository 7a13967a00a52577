import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type IngestBatch, ingestBatch } from '../lib/whatsapp/ingest';
import { ensureSession } from '../lib/whatsapp/sessions/lease';
import { createTestDb, type TestDb } from './support/db';
import { messageDto } from './support/messages';

const empty = (): IngestBatch => ({ messages: [], acks: [], edits: [], revokes: [] });
const live = (...messages: ReturnType<typeof messageDto>[]): IngestBatch => ({
  ...empty(),
  messages: messages.map((message) => ({ message, source: 'live' as const })),
});

describe('ingest', () => {
  let t: TestDb;
  let sessionId: number;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());
  beforeEach(async () => {
    await t.sql`truncate whatsapp_sessions cascade`;
    sessionId = (await ensureSession(t.db, 'default')).id;
  });

  const count = async () =>
    (await t.sql<{ n: number }[]>`select count(*)::int as n from whatsapp_messages`)[0]!.n;

  it('stores each message once, whether duplicated in a batch, across batches or replayed', async () => {
    const a = messageDto();
    const b = messageDto();
    // `message` and `message_create` both fire for an incoming message.
    expect((await ingestBatch(t.sql, sessionId, live(a, a, b))).inserted).toBe(2);
    expect((await ingestBatch(t.sql, sessionId, live(a, b))).inserted).toBe(0);
    expect(await count()).toBe(2);
  });

  it('keeps the metadata WhatsApp sends with a media message and a contact card as name and numbers', async () => {
    const document = messageDto({
      type: 'document',
      body: '',
      hasMedia: true,
      media: {
        mimetype: 'application/pdf',
        size: 48213,
        filehash: 'q0pX1p8Cq8w0m0sY8oY6YgBq8l5Z2o7m3xXy1k0eZ1A=',
        filename: 'voucher-RES-7KQ2M.pdf',
        duration: null,
        width: null,
        height: null,
      },
    });
    const card = messageDto({
      type: 'vcard',
      body: 'Carla Soto',
      vcards: [{ name: 'Carla Soto', numbers: ['56955555555'] }],
    });
    await ingestBatch(t.sql, sessionId, live(document, card));
    const rows = await t.sql<Record<string, unknown>[]>`
      select body, media_mimetype, media_size::int as media_size, media_filehash, media_filename, vcards
      from whatsapp_messages order by id`;
    expect(rows).toEqual([
      {
        body: '',
        media_mimetype: 'application/pdf',
        media_size: 48213,
        media_filehash: 'q0pX1p8Cq8w0m0sY8oY6YgBq8l5Z2o7m3xXy1k0eZ1A=',
        media_filename: 'voucher-RES-7KQ2M.pdf',
        vcards: null,
      },
      {
        body: 'Carla Soto',
        media_mimetype: null,
        media_size: null,
        media_filehash: null,
        media_filename: null,
        vcards: [{ name: 'Carla Soto', numbers: ['56955555555'] }],
      },
    ]);
  });

  it('treats the @lid and @c.us forms of one message as the same message', async () => {
    const viaPhone = messageDto({ protocolId: 'ABCDEF123', serializedId: 'false_56911@c.us_ABCDEF123' });
    const viaLid = { ...viaPhone, serializedId: 'false_1234@lid_ABCDEF123' };
    await ingestBatch(t.sql, sessionId, live(viaPhone));
    await ingestBatch(t.sql, sessionId, live(viaLid));
    expect(await count()).toBe(1);
  });

  it('keeps our own message and an incoming one with the same protocol id apart', async () => {
    await ingestBatch(
      t.sql,
      sessionId,
      live(messageDto({ protocolId: 'SAME' }), messageDto({ protocolId: 'SAME', fromMe: true })),
    );
    expect(await count()).toBe(2);
  });

  it('creates unknown chats and updates last-message time and unread count in the same commit', async () => {
    const ts = Math.floor(Date.parse('2026-11-20T15:00:00Z') / 1000);
    await ingestBatch(
      t.sql,
      sessionId,
      live(
        messageDto({ chatId: '56999999999@c.us', timestamp: ts }),
        messageDto({ chatId: '56999999999@c.us', timestamp: ts + 60 }),
        messageDto({ chatId: '56999999999@c.us', timestamp: ts + 120, fromMe: true }),
        messageDto({ chatId: '120363000000000001@g.us', senderWid: '56911111111@c.us', timestamp: ts }),
      ),
    );
    const chats = await t.sql<
      { wa_id: string; is_group: boolean; unread_count: number; last_message_at: string }[]
    >`
      select wa_id, is_group, unread_count, last_message_at from whatsapp_chats order by wa_id`;
    expect(chats).toHaveLength(2);
    expect(chats[0]).toMatchObject({ wa_id: '120363000000000001@g.us', is_group: true, unread_count: 1 });
    expect(chats[1]).toMatchObject({ wa_id: '56999999999@c.us', is_group: false, unread_count: 2 });
    expect(new Date(chats[1]!.last_message_at).toISOString()).toBe('2026-11-20T15:02:00.000Z');
  });

  it('moves acks forward only and reports acked own messages', async () => {
    const mine = messageDto({ fromMe: true, ack: 0 });
    await ingestBatch(t.sql, sessionId, live(mine));
    const first = await ingestBatch(t.sql, sessionId, {
      ...empty(),
      acks: [
        { protocolId: mine.protocolId, fromMe: true, ack: 3 },
        { protocolId: mine.protocolId, fromMe: true, ack: 1 },
      ],
    });
    expect(first.ackedOwnProtocolIds).toEqual([mine.protocolId]);
    await ingestBatch(t.sql, sessionId, {
      ...empty(),
      acks: [{ protocolId: mine.protocolId, fromMe: true, ack: 2 }],
    });
    const [row] = await t.sql<{ ack: number }[]>`select ack from whatsapp_messages`;
    expect(row?.ack).toBe(3);
  });

  it('records edits with the previous text and revocations', async () => {
    const m = messageDto({ body: 'Reserva para 2' });
    await ingestBatch(t.sql, sessionId, live(m));
    await ingestBatch(t.sql, sessionId, {
      ...empty(),
      edits: [
        {
          protocolId: m.protocolId,
          fromMe: false,
          newBody: 'Reserva para 3',
          previousBody: 'Reserva para 2',
          realEdit: true,
          type: 'chat',
        },
      ],
    });
    await ingestBatch(t.sql, sessionId, {
      ...empty(),
      revokes: [{ protocolId: m.protocolId, fromMe: false }],
    });
    const [row] = await t.sql<{ body: string; previous_body: string; edited: boolean; revoked: boolean }[]>`
      select body, previous_body, edited_at is not null as edited, revoked_at is not null as revoked from whatsapp_messages`;
    expect(row).toEqual({
      body: 'Reserva para 3',
      previous_body: 'Reserva para 2',
      edited: true,
      revoked: true,
    });
  });

  it('queues only inbound live/backfill messages for processing', async () => {
    await ingestBatch(t.sql, sessionId, {
      ...empty(),
      messages: [
        { message: messageDto(), source: 'live' },
        { message: messageDto(), source: 'backfill' },
        { message: messageDto(), source: 'history' },
        { message: messageDto({ fromMe: true }), source: 'live' },
      ],
    });
    const [row] = await t.sql<
      { n: number }[]
    >`select count(*)::int as n from whatsapp_messages where processed_at is null`;
    expect(row?.n).toBe(2);
  });

  it('announces touched chats on the events channel after commit', async () => {
    const heard: string[] = [];
    const listener = await t.sql.listen('tuki_events', (payload) => heard.push(payload));
    await ingestBatch(t.sql, sessionId, live(messageDto()));
    await new Promise((r) => setTimeout(r, 200));
    await listener.unlisten();
    expect(heard.map((p) => JSON.parse(p).type)).toContain('messages');
  });
});
