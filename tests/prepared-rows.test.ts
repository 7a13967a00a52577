import { eq, getTableColumns, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../lib/db';
import { hasFlatRows, preparedOnce } from '../lib/db/prepared';
import { mediaDownloads, whatsappChats, whatsappMessages } from '../lib/db/schema';
import { isoText } from '../lib/pagination/cursor';
import { listChats } from '../lib/whatsapp/list-chats';
import { listMessages } from '../lib/whatsapp/list-messages';
import { createTestDb, type TestDb } from './support/db';
import { createChat, createMessage, createSession } from './support/factories';

/**
 * The prepared hot queries map their rows with a loop worked out once instead of Drizzle's generic mapper
 * (lib/db/prepared.ts). What a client reads must be exactly what Drizzle's own mapping gives: dates as Dates,
 * bigint ids as numbers, json parsed, custom decoders applied, nulls from a left join kept null.
 */
describe('prepared queries read rows as Drizzle maps them', () => {
  let t: TestDb;
  let chatId: number;
  beforeAll(async () => {
    t = await createTestDb();
    const session = await createSession(t.db, { name: 'flat' });
    const chat = await createChat(t.db, {
      sessionId: session.id,
      lastMessageAt: new Date('2026-11-30T10:00:00.123Z'),
    });
    chatId = chat.id;
    await createMessage(t.db, {
      sessionId: session.id,
      chatId,
      body: 'con foto',
      type: 'image',
      mediaMimetype: 'image/jpeg',
      mediaSize: 123_456,
      location: null,
      timestamp: new Date('2026-11-30T09:59:00.456Z'),
    });
    await createMessage(t.db, {
      sessionId: session.id,
      chatId,
      body: 'sin foto',
      timestamp: new Date('2026-11-30T10:00:00.123Z'),
    });
  });
  afterAll(() => t.drop());

  const selection = {
    ...getTableColumns(whatsappMessages),
    /** A custom decoder (mapWith) must still run. */
    bodyLength: sql`length(${whatsappMessages.body})`.mapWith(Number),
    /** A plain sql<> field with no decoder: the driver's value as it comes (json parsed by the driver). */
    meta: sql<{ n: number }>`json_build_object('n', 1)`,
    /** A left-joined column that is null for every row here. */
    downloadState: mediaDownloads.state,
  };
  const build = (db: Tx) =>
    db
      .select(selection)
      .from(whatsappMessages)
      .leftJoin(mediaDownloads, eq(mediaDownloads.messageId, whatsappMessages.id))
      .where(eq(whatsappMessages.chatId, sql.placeholder('chatId')))
      .orderBy(whatsappMessages.id);
  const flat = preparedOnce((db: Tx) => build(db).prepare('flat_rows_test'));

  it('gives the same values as Drizzle’s own mapping, for every kind of column', async () => {
    const ours = await flat(t.db).execute({ chatId });
    const drizzles = await build(t.db).execute({ chatId });
    expect(hasFlatRows(flat(t.db))).toBe(true);
    expect(ours).toHaveLength(2);
    expect(ours).toEqual(drizzles);
    const [photo] = ours;
    expect(photo!.timestamp).toBeInstanceOf(Date);
    expect(photo!.timestamp.toISOString()).toBe('2026-11-30T09:59:00.456Z');
    expect(photo!.mediaSize).toBe(123_456);
    expect(typeof photo!.id).toBe('number');
    expect(photo!.bodyLength).toBe(8);
    expect(photo!.meta).toEqual({ n: 1 });
    expect(photo!.downloadState).toBeNull();
  });

  it('leaves a nested selection to Drizzle (its left-join nulling needs the generic mapper)', async () => {
    const nested = preparedOnce((db: Tx) =>
      db
        .select({ id: whatsappChats.id, download: { state: mediaDownloads.state } })
        .from(whatsappChats)
        .leftJoin(mediaDownloads, eq(mediaDownloads.messageId, whatsappChats.id))
        .where(eq(whatsappChats.id, sql.placeholder('chatId')))
        .prepare('nested_rows_test'),
    );
    expect(hasFlatRows(nested(t.db))).toBe(false);
    expect(await nested(t.db).execute({ chatId })).toEqual([{ id: chatId, download: null }]);
  });

  it('serves the chat list and the history with their dates, previews and media as before', async () => {
    const chats = await listChats(t.db, { sessionName: 'flat', limit: 10 });
    expect(chats.items).toHaveLength(1);
    // Timestamps arrive as the ISO text the API answers (written by PostgreSQL, not made into a Date and back).
    expect(chats.items[0]!.lastMessageAt).toBe('2026-11-30T10:00:00.123Z');
    // The preview: a date like every other one (it was PostgreSQL's json text, `…+00:00`), no media here.
    expect(chats.items[0]!.lastMessage).toEqual({
      body: 'sin foto',
      fromMe: false,
      type: 'chat',
      timestamp: '2026-11-30T10:00:00.123Z',
      revoked: false,
      media: null,
    });
    expect(JSON.stringify(chats.items[0]!.lastMessage)).toContain('"timestamp":"2026-11-30T10:00:00.123Z"');
    expect(Object.keys(chats.items[0]!).filter((k) => k.startsWith('preview'))).toEqual([]);
    expect(chats.items[0]!.phone).toMatch(/^\+569/);
    // The same text a Date read from the driver gave: milliseconds cut, not rounded; UTC whatever the zone.
    for (const text of [
      '2026-11-30 10:00:00.999999+00',
      '2026-11-30 23:59:59.9995-03',
      '1999-01-01 00:00:00+00',
    ]) {
      const [row] = await t.db.transaction(async (tx) => {
        await tx.execute(sql`set local time zone 'America/Santiago'`);
        return tx.execute<{ iso: string }>(sql`select ${isoText(sql`${text}::timestamptz`)} as iso`);
      });
      expect(row!.iso).toBe(new Date(text).toISOString());
    }
    expect(Object.keys(chats.items[0]!)).not.toContain('sortKey');
    const history = await listMessages(t.db, { chatId, limit: 10 });
    expect(history.items.map((m) => m.body)).toEqual(['sin foto', 'con foto']);
    expect(history.items[1]!.media).toMatchObject({ mimetype: 'image/jpeg', size: 123_456 });
    expect(Object.keys(history.items[0]!)).not.toContain('sortKey');
  });
});
