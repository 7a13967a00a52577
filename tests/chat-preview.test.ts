import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewLine } from '../components/chats/message-kinds';
import { en } from '../lib/i18n/messages/en';
import { es } from '../lib/i18n/messages/es';
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

  it('names the kind of a file instead of "[media]": photo, voice note with its length, document by name', async () => {
    const session = await createSession(t.db);
    const at = (minutes: number) => new Date(Date.UTC(2026, 10, 27, 13, minutes));
    const chats = {
      foto: await createChat(t.db, { sessionId: session.id, name: 'Foto' }),
      nota: await createChat(t.db, { sessionId: session.id, name: 'Nota' }),
      pdf: await createChat(t.db, { sessionId: session.id, name: 'Pdf' }),
      lugar: await createChat(t.db, { sessionId: session.id, name: 'Lugar' }),
    };
    const media = { mediaMimetype: 'image/jpeg', mediaSize: 1000 };
    await createMessage(t.db, {
      sessionId: session.id,
      chatId: chats.foto.id,
      type: 'image',
      body: '',
      ...media,
      timestamp: at(1),
    });
    await createMessage(t.db, {
      sessionId: session.id,
      chatId: chats.nota.id,
      type: 'ptt',
      body: '',
      mediaMimetype: 'audio/ogg; codecs=opus',
      mediaDuration: 12,
      timestamp: at(2),
    });
    await createMessage(t.db, {
      sessionId: session.id,
      chatId: chats.pdf.id,
      type: 'document',
      body: '',
      mediaMimetype: 'application/pdf',
      mediaFilename: 'voucher.pdf',
      timestamp: at(3),
    });
    await createMessage(t.db, {
      sessionId: session.id,
      chatId: chats.lugar.id,
      type: 'location',
      body: 'Mirador Base Torres\nTorres del Paine',
      timestamp: at(4),
    });
    const { items } = await listChats(t.db, { sessionId: session.id, order: 'name' });
    const lines = Object.fromEntries(items.map((c) => [c.name, previewLine(c.lastMessage!, es.chats.kinds)]));
    expect(lines).toEqual({
      Foto: '📷 Foto',
      Nota: '🎤 Nota de voz 0:12',
      Pdf: '📄 voucher.pdf',
      Lugar: '📍 Mirador Base Torres',
    });
    expect(previewLine({ type: 'image', body: 'Comprobante ABC123', media: null }, en.chats.kinds)).toBe(
      '📷 Comprobante ABC123',
    );
    expect(previewLine({ type: 'ptt', body: '', media: { duration: 75 } }, en.chats.kinds)).toBe(
      '🎤 Voice note 1:15',
    );
  });
});
