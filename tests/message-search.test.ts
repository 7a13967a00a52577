import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchResults } from '../lib/api/schemas/search';
import { listMessages } from '../lib/whatsapp/list-messages';
import { type SearchMessagesInput, searchMessages } from '../lib/whatsapp/search-messages';
import { parseSearchQuery, toSegments } from '../lib/whatsapp/search-query';
import { call, createKey, createUserWithCookie, errorOf, useTestDbForRoutes } from './support/api';
import { createTestDb, type TestDb } from './support/db';
import { createChat, createGroup, createMessage, createSession } from './support/factories';

const WA = '/api/v1/superadmin/whatsapp';
const day = (n: number) => new Date(Date.UTC(2026, 10, n, 12));

describe('message search', () => {
  let t: TestDb;
  let sessionId: number;
  let otherSessionId: number;
  let camila: number;
  let group: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    sessionId = (await createSession(t.db, { name: 'default' })).id;
    otherSessionId = (await createSession(t.db, { name: 'ventas' })).id;
    camila = (await createChat(t.db, { sessionId, name: 'Camila Rojas', waId: '56987654321@c.us' })).id;
    group = (await createGroup(t.db, { sessionId, name: 'Torres del Paine Operadores' })).id;
    const other = (await createChat(t.db, { sessionId: otherSessionId, name: 'Pedro' })).id;
    const add = async (
      name: string,
      chatId: number,
      body: string,
      at: Date,
      extra: { fromMe?: boolean; type?: string; system?: boolean; sessionId?: number } = {},
    ) => {
      ids[name] = (
        await createMessage(t.db, {
          sessionId: extra.sessionId ?? sessionId,
          chatId,
          body,
          timestamp: at,
          ...extra,
        })
      ).id;
    };
    await add('reunion', camila, 'Mañana tenemos la reunión a las 10', day(1));
    await add('voucher', camila, 'Te envío el voucher de la reserva ABC123', day(2));
    await add('photo', camila, 'Foto del comprobante de pago', day(3), { type: 'image' });
    await add('ours', camila, 'Perfecto, confirmamos la reserva para el martes', day(4), { fromMe: true });
    await add('phrase', group, 'Salida a Torres del Paine el jueves', day(5));
    await add('words', group, 'Paine y Torres son lugares distintos', day(6));
    await add('system', group, 'Los mensajes están cifrados de extremo a extremo, reserva', day(7), {
      system: true,
      type: 'e2e_notification',
    });
    await add('english', group, 'The bookings were confirmed yesterday', day(8));
    await add('number', camila, 'Mi número de pedido es 4481927', day(9));
    await add('otherNumber', other, 'Otra reserva en otro número', day(10), { sessionId: otherSessionId });
  });
  afterAll(() => t.drop());

  const hitIds = async (input: Partial<SearchMessagesInput> & { q: string }) => {
    const result = await searchMessages(t.db, { sessionId, ...input });
    return result.groups.flatMap((g) => g.hits.map((h) => h.id));
  };

  it('ignores accents both ways and stems Spanish and English words', async () => {
    expect(await hitIds({ q: 'reunion' })).toEqual([ids.reunion]);
    expect(await hitIds({ q: 'REUNIÓN' })).toEqual([ids.reunion]);
    expect(await hitIds({ q: 'manana' })).toEqual([ids.reunion]);
    expect(await hitIds({ q: 'vouchers' })).toEqual([ids.voucher]);
    expect(await hitIds({ q: 'booking' })).toEqual([ids.english]);
    expect(await hitIds({ q: 'confirmed' })).toContain(ids.english);
  });

  it('matches prefixes, phrases in order, excludes words, and partial numbers', async () => {
    expect(await hitIds({ q: 'compro*' })).toEqual([ids.photo]);
    expect(await hitIds({ q: '"torres del paine"' })).toEqual([ids.phrase]);
    expect((await hitIds({ q: 'torres paine' })).sort()).toEqual([ids.phrase, ids.words].sort());
    expect(await hitIds({ q: 'reserva -voucher' })).toEqual([ids.ours]);
    expect(await hitIds({ q: '81927' })).toEqual([ids.number]);
    expect(await hitIds({ q: 'ABC12' })).toEqual([ids.voucher]);
  });

  it('never finds system events, and keeps to the selected number unless asked for all', async () => {
    const reserva = await hitIds({ q: 'reserva' });
    expect(reserva).toEqual([ids.ours, ids.voucher]);
    expect(reserva).not.toContain(ids.system);
    const all = await searchMessages(t.db, { q: 'reserva' });
    expect(all.groups.map((g) => g.chat.session)).toEqual(['ventas', 'default']);
  });

  it('filters by chat, sender, kind and dates', async () => {
    expect(await hitIds({ q: 'reserva', from: 'us' })).toEqual([ids.ours]);
    expect(await hitIds({ q: 'reserva', from: 'customer' })).toEqual([ids.voucher]);
    expect(await hitIds({ q: 'comprobante', kind: 'photo' })).toEqual([ids.photo]);
    expect(await hitIds({ q: 'comprobante', kind: 'text' })).toEqual([]);
    expect(await hitIds({ q: 'paine', chatId: camila })).toEqual([]);
    expect(await hitIds({ q: 'reserva', after: day(3), before: day(5) })).toEqual([ids.ours]);
  });

  it('groups newest first by chat, marks the matching words, and pages without repeats', async () => {
    const result = await searchMessages(t.db, { sessionId, q: 'reunion' });
    expect(result.groups[0]!.chat).toMatchObject({ id: camila, name: 'Camila Rojas', phone: '+56987654321' });
    expect(result.groups[0]!.hits[0]!.snippet).toEqual([
      { text: 'Mañana tenemos la ', match: false },
      { text: 'reunión', match: true },
      { text: ' a las 10', match: false },
    ]);
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await searchMessages(t.db, { q: 'reserva', limit: 1, cursor });
      expect(page.groups.flatMap((g) => g.hits)).toHaveLength(1);
      seen.push(...page.groups.flatMap((g) => g.hits.map((h) => h.id)));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([ids.otherNumber, ids.ours, ids.voucher]);
  });

  it('lists chats whose name or number matches on the first page', async () => {
    expect((await searchMessages(t.db, { sessionId, q: 'camila' })).chats.map((c) => c.id)).toEqual([camila]);
    expect((await searchMessages(t.db, { sessionId, q: '+56 9 8765' })).chats.map((c) => c.id)).toEqual([
      camila,
    ]);
    expect((await searchMessages(t.db, { sessionId, q: 'operadores' })).chats.map((c) => c.id)).toEqual([
      group,
    ]);
  });

  it('highlights only as text segments (no markup), even for a message that contains HTML', () => {
    expect(toSegments('<b>x</b> \u0002hola\u0003', null)).toEqual([
      { text: '<b>x</b> ', match: false },
      { text: 'hola', match: true },
    ]);
    expect(toSegments('pedido 4481927', '81927')).toEqual([
      { text: 'pedido 44', match: false },
      { text: '81927', match: true },
    ]);
    expect(parseSearchQuery('"torres del" pai* -lluvia hola')).toMatchObject({
      words: ['hola'],
      phrases: ['torres del'],
      prefixes: ['pai'],
      excluded: ['lluvia'],
      substring: null,
    });
  });

  it('opens a chat’s history around a message, with older and newer pages from there', async () => {
    const chatId = (await createChat(t.db, { sessionId })).id;
    const made: number[] = [];
    for (let i = 0; i < 30; i++)
      made.push(
        (await createMessage(t.db, { sessionId, chatId, timestamp: new Date(Date.UTC(2026, 0, 1, 0, i)) }))
          .id,
      );
    const around = await listMessages(t.db, { chatId, around: made[15]!, limit: 10 });
    // Newest first, like every page: 5 newer, then the message, then 4 older.
    expect(around.items.map((m) => m.id)).toEqual(made.slice(11, 21).reverse());
    const older = await listMessages(t.db, { chatId, cursor: around.nextCursor!, limit: 10 });
    expect(older.items.map((m) => m.id)).toEqual(made.slice(1, 11).reverse());
    const newer = await listMessages(t.db, {
      chatId,
      newer: around.newerCursor!,
      limit: 10,
    });
    expect(newer.items.map((m) => m.id)).toEqual(made.slice(21, 30).reverse());
    expect(newer.newerCursor).toBeNull();
  });

  it('is served at GET …/messages/search/ to readers, answers in the documented shape, and checks its input', async () => {
    const { cookie } = await createUserWithCookie(t.db, 'viewer');
    const res = await call('GET', `${WA}/messages/search/?q=reunion`, { cookie });
    expect(res.status).toBe(200);
    const body = searchResults.parse(await res.json());
    expect(body.groups[0]!.hits[0]!.id).toBe(ids.reunion);
    const all = await call('GET', `${WA}/messages/search/?q=reserva&allSessions=true`, { cookie });
    expect(searchResults.parse(await all.json()).groups).toHaveLength(2);
    const ventas = await call('GET', `${WA}/messages/search/?q=reserva&session=ventas`, { cookie });
    expect(searchResults.parse(await ventas.json()).groups.map((g) => g.chat.session)).toEqual(['ventas']);
    expect((await call('GET', `${WA}/messages/search/?q=reunion`)).status).toBe(401);
    const noQuery = await call('GET', `${WA}/messages/search/`, { cookie });
    expect(noQuery.status).toBe(400);
    expect((await errorOf(noQuery)).error.code).toBe('bad_request');
    const { key } = await createKey(t.db, 'read');
    const aroundRes = await call('GET', `${WA}/chats/${camila}/messages/?around=${ids.voucher}&limit=2`, {
      key,
    });
    expect(((await aroundRes.json()) as { items: { id: number }[] }).items.map((m) => m.id)).toEqual([
      ids.photo,
      ids.voucher,
    ]);
    expect((await call('GET', `${WA}/chats/${camila}/messages/?around=${ids.phrase}`, { key })).status).toBe(
      404,
    );
  });
});
