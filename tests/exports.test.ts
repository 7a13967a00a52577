import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../lib/audit/actor';
import { auditLog } from '../lib/db/schema';
import { CHAT_CSV_COLUMNS, exportChat } from '../lib/exports/chat-export';
import { csvCell, csvRow } from '../lib/exports/csv';
import { call, createKey, createUserWithCookie, useTestDbForRoutes } from './support/api';
import { parseCsv, readCsv } from './support/csv';
import { createTestDb, type TestDb } from './support/db';
import { createChat, createMessage, createSession } from './support/factories';
import { notifiedScenario } from './support/pipeline';

const WA = '/api/v1/superadmin/whatsapp';

describe('exports', () => {
  let t: TestDb;
  let sessionId: number;
  let chatId: number;
  let cookie: string;

  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    sessionId = (await createSession(t.db, { name: 'default', pushName: 'Tuki Tours' })).id;
    chatId = (await createChat(t.db, { sessionId, name: 'Camila Rojas', waId: '56987654321@c.us' })).id;
    const base = Date.UTC(2026, 10, 20, 15, 0);
    await createMessage(t.db, {
      sessionId,
      chatId,
      body: 'Hola, "¿tienen cupo?", para 3',
      timestamp: new Date(base),
      senderWid: '56987654321@c.us',
    });
    await createMessage(t.db, {
      sessionId,
      chatId,
      body: '=HYPERLINK("http://evil")',
      timestamp: new Date(base + 60_000),
    });
    await createMessage(t.db, {
      sessionId,
      chatId,
      body: 'Sí, confirmado\nHasta pronto',
      fromMe: true,
      timestamp: new Date(base + 120_000),
    });
    await createMessage(t.db, {
      sessionId,
      chatId,
      body: 'voucher',
      type: 'document',
      hasMedia: true,
      mediaFilename: 'voucher.pdf',
      mediaMimetype: 'application/pdf',
      timestamp: new Date(base + 180_000),
    });
    cookie = (await createUserWithCookie(t.db, 'viewer')).cookie;
  });
  afterAll(() => t.drop());

  it('quotes cells as RFC 4180 says and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('+56 9')).toBe("'+56 9");
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvRow([1, null, 'x'])).toBe('1,,x\r\n');
  });

  it('downloads a chat as CSV with one row per message, oldest first, formulas defused', async () => {
    const res = await call('GET', `${WA}/chats/${chatId}/export/?format=csv`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="chat-Camila_Rojas-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const { header, records } = readCsv(await res.text());
    expect(header).toEqual([...CHAT_CSV_COLUMNS]);
    expect(records.map((r) => [r.direction, r.text])).toEqual([
      ['customer', 'Hola, "¿tienen cupo?", para 3'],
      ['customer', `'=HYPERLINK("http://evil")`],
      ['us', 'Sí, confirmado\nHasta pronto'],
      ['customer', 'voucher'],
    ]);
    expect(records[3]!.media_filename).toBe('voucher.pdf');
    expect(records[3]!.media_link).toMatch(/^http:\/\/localhost\/api\/v1\/whatsapp\/messages\/\d+\/media\/$/);
    // The link is the media route itself (a person clicking it from the spreadsheet gets the file, not a 404 page).
    const media = await call('GET', records[3]!.media_link!, { cookie });
    expect(((await media.json()) as { error: { message: string } }).error.message).toMatch(
      /has no stored media/,
    );
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'chat.export'));
    expect(audit).toMatchObject({ targetType: 'chat', targetId: String(chatId), details: { format: 'csv' } });
  });

  it('writes WhatsApp’s own .txt format (local times, media as links) and JSON', async () => {
    const txt = await (await call('GET', `${WA}/chats/${chatId}/export/?format=txt`, { cookie })).text();
    const lines = txt.split('\n');
    expect(lines[0]).toBe('20/11/26, 12:00 - Camila Rojas: Hola, "¿tienen cupo?", para 3');
    expect(lines[2]).toBe('20/11/26, 12:02 - Tuki Tours: Sí, confirmado');
    expect(lines[3]).toBe('Hasta pronto');
    expect(lines[4]).toMatch(
      /^20\/11\/26, 12:03 - Camila Rojas: voucher\.pdf \(file attached\) http:\/\/localhost\/.+\/media\/$/,
    );
    const json = (await (
      await call('GET', `${WA}/chats/${chatId}/export/?format=json`, { cookie })
    ).json()) as {
      chat: { name: string };
      messages: { body: string; fromMe: boolean }[];
    };
    expect(json.chat.name).toBe('Camila Rojas');
    expect(json.messages.map((m) => m.fromMe)).toEqual([false, false, true, false]);
    expect((await call('GET', `${WA}/chats/${chatId}/export/?format=xls`, { cookie })).status).toBe(400);
    expect((await call('GET', `${WA}/chats/${chatId}/export/?format=csv`)).status).toBe(401);
    expect((await call('GET', `${WA}/chats/999999/export/?format=csv`, { cookie })).status).toBe(404);
  });

  it('streams a large chat in keyset batches: each chunk is one batch, none holds the whole chat', async () => {
    const big = (await createChat(t.db, { sessionId })).id;
    await t.sql`
      insert into whatsapp_messages (session_id, chat_id, protocol_id, from_me, serialized_id, body, timestamp)
      select ${sessionId}, ${big}, 'B' || g, false, 'SB' || g, 'mensaje ' || g, now() - (5000 - g) * interval '1 second'
      from generate_series(1, 5000) g`;
    const { chunks } = await exportChat(
      t.db,
      { chatId: big, format: 'csv', origin: 'http://localhost', batchSize: 500 },
      SYSTEM_ACTOR,
    );
    const text = CHAT_CSV_COLUMNS.indexOf('text');
    const sizes: number[] = [];
    const bodies: string[] = [];
    for await (const chunk of chunks) {
      const rows = parseCsv(chunk);
      sizes.push(rows.length);
      bodies.push(...rows.map((r) => r[text]!));
    }
    // The header, then ten batches of 500 rows.
    expect(sizes).toEqual([1, ...Array(10).fill(500)]);
    expect(bodies.slice(1, 3)).toEqual(['mensaje 1', 'mensaje 2']);
    expect(bodies.at(-1)).toBe('mensaje 5000');
    expect(new Set(bodies).size).toBe(5001);
  });

  it('downloads the reservation requests with the list’s filters as CSV, audited', async () => {
    const s = await notifiedScenario(t.db);
    const { key } = await createKey(t.db, 'read');
    const res = await call('GET', `${WA}/reservation-requests/export/?format=csv`, { key });
    expect(res.status).toBe(200);
    const rows = parseCsv(await res.text());
    expect(rows[0]!.slice(0, 4)).toEqual(['id', 'created_at', 'code', 'status']);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual(
      expect.arrayContaining([
        String(s.request.id),
        s.reservation.code,
        'Camila Rojas',
        'Kayak en Puerto Varas',
      ]),
    );
    const none = parseCsv(
      await (
        await call('GET', `${WA}/reservation-requests/export/?format=csv&status=rejected`, { key })
      ).text(),
    );
    expect(none).toHaveLength(1);
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'reservation_requests.export'));
    expect(audits).toHaveLength(2);
  });
});
