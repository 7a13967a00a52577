import { describe, expect, it } from 'vitest';
import { listChats } from '../lib/whatsapp/list-chats';
import { startControlledHarness } from './support/fake-control';
import { harnessTestDb } from './support/harness-suite';
import { waitFor as waitForWithin } from './support/processes';

const waitFor = <T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000) =>
  waitForWithin(what, probe, ms);
const CHAT = '56931313131@c.us';
/** The start of a real location thumbnail: what WhatsApp puts in a location's body. */
const THUMBNAIL = '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4n';

/** What WhatsApp Web really sends, provoked through the fake's control API, as stored and shown. */
describe('message fidelity (fake driver control API)', () => {
  let c: Awaited<ReturnType<typeof startControlledHarness>>;
  const t = harnessTestDb(() => c);

  const row = async (protocolId: string) => {
    const [found] = await t.sql<
      {
        body: string;
        type: string;
        system: boolean;
        ack: number;
        edited: boolean;
        previous_body: string | null;
        revoked: boolean;
        processed: boolean;
        location: unknown;
      }[]
    >`select body, type, system, ack, edited_at is not null as edited, previous_body, revoked_at is not null as revoked,
        processed_at is not null as processed, location
      from whatsapp_messages where protocol_id = ${protocolId}`;
    return found;
  };
  const stored = (protocolId: string) =>
    waitFor(`message ${protocolId} stored`, () => row(protocolId), 10_000);
  const ready = async () => {
    c = await startControlledHarness(t);
    c.h.world.linked = true;
    c.h.start();
    await c.h.waitForStatus('ready');
  };

  it('stores system messages as system events: not unread, not processed, not the chat preview', async () => {
    await ready();
    const customer = await c.fake.message({ chatId: CHAT, body: 'Hola, reserva RES-7KQ2M' });
    const system: string[] = [];
    for (const type of ['e2e_notification', 'notification_template', 'call_log', 'gp2', 'ciphertext']) {
      const m = await c.post<{ protocolId: string }>('/messages', { chatId: CHAT, body: '', type });
      system.push(m.protocolId);
    }
    for (const id of system) expect(await stored(id)).toMatchObject({ system: true, processed: true });
    expect(await stored(customer.protocolId)).toMatchObject({ system: false });
    await waitFor('the customer message processed', async () =>
      c.h.calls.processed.length > 0 ? true : undefined,
    );
    const [chat] = await t.sql<{ id: number; unread_count: number }[]>`
      select id::int8 as id, unread_count from whatsapp_chats where wa_id = ${CHAT}`;
    expect(chat?.unread_count).toBe(1);
    // Only the customer's message reached the processors (codes, webhooks).
    expect(c.h.calls.processed).toHaveLength(1);
    const list = await listChats(t.db, { sessionId: c.h.sessionId });
    expect(list.items.find((i) => i.waId === CHAT)?.lastMessage?.body).toBe('Hola, reserva RES-7KQ2M');
  });

  it('agrees with the live path when system messages arrive while the worker is down', async () => {
    await ready();
    await c.h.stop();
    // While down: the customer writes, and WhatsApp adds its notices around it.
    const customer = await c.fake.message({ chatId: CHAT, body: 'Hola, reserva RES-9PQ4N' });
    for (const type of ['e2e_notification', 'call_log', 'gp2']) {
      await c.post('/messages', { chatId: CHAT, body: '', type });
    }
    const ciphertext = await c.post<{ protocolId: string }>('/messages', {
      chatId: CHAT,
      body: '',
      type: 'ciphertext',
    });
    c.h.start();
    await c.h.waitForStatus('ready');
    expect(await stored(customer.protocolId)).toMatchObject({ system: false });
    // fetchMessages leaves notifications out (Chat.js); what it does bring that is not a conversation message is
    // stored as a system event, as live.
    expect(await stored(ciphertext.protocolId)).toMatchObject({ system: true, processed: true });
    const rows = await t.sql<{ type: string }[]>`select type from whatsapp_messages where not system`;
    expect(rows.map((r) => r.type)).toEqual(['chat']);
    await waitFor('the customer message processed', async () =>
      c.h.calls.processed.length > 0 ? true : undefined,
    );
    expect(c.h.calls.processed).toHaveLength(1);
    const [chat] = await t.sql<{ unread_count: number }[]>`
      select unread_count from whatsapp_chats where wa_id = ${CHAT}`;
    expect(chat?.unread_count).toBe(1);
  });

  it('stores a location as its place, never the base64 thumbnail body', async () => {
    await ready();
    const m = await c.post<{ protocolId: string }>('/messages', {
      chatId: CHAT,
      type: 'location',
      body: THUMBNAIL,
      location: { lat: -50.94, lng: -73.4, name: 'Hotel Las Torres', address: 'Torres del Paine' },
    });
    const found = await stored(m.protocolId);
    expect(found?.body).toBe('Hotel Las Torres\nTorres del Paine');
    expect(found?.location).toEqual({
      latitude: -50.94,
      longitude: -73.4,
      name: 'Hotel Las Torres',
      address: 'Torres del Paine',
    });
  });

  it('stores ack -1 (a send WhatsApp refused) so the failure shows', async () => {
    await ready();
    const m = await c.fake.message({ chatId: CHAT, body: 'Confirmado', fromMe: true });
    await stored(m.protocolId);
    await c.post('/acks', { id: m.protocolId, ack: -1 });
    await waitFor('ack -1 stored', async () => ((await row(m.protocolId))?.ack === -1 ? true : undefined));
  });

  it('marks only real edits as edited: a ciphertext decrypting becomes a processed conversation message', async () => {
    await ready();
    const placeholder = await c.post<{ protocolId: string }>('/messages', {
      chatId: CHAT,
      body: '',
      type: 'ciphertext',
    });
    await stored(placeholder.protocolId);
    await c.post(`/messages/${placeholder.protocolId}/edit`, { body: 'Mi código es RES-7KQ2M' });
    const decrypted = await waitFor('the decryption applied', async () => {
      const r = await row(placeholder.protocolId);
      return r?.type === 'chat' ? r : undefined;
    });
    expect(decrypted).toMatchObject({ body: 'Mi código es RES-7KQ2M', edited: false, system: false });
    await waitFor('the decrypted message processed', async () =>
      (await row(placeholder.protocolId))?.processed ? true : undefined,
    );
    const [chat] = await t.sql<
      { unread_count: number }[]
    >`select unread_count from whatsapp_chats where wa_id = ${CHAT}`;
    expect(chat?.unread_count).toBe(1);

    const typed = await c.fake.message({ chatId: CHAT, body: 'Somos 2' });
    await stored(typed.protocolId);
    await c.post(`/messages/${typed.protocolId}/edit`, { body: 'Somos 3' });
    const edited = await waitFor('the edit applied', async () => {
      const r = await row(typed.protocolId);
      return r?.edited ? r : undefined;
    });
    expect(edited).toMatchObject({ body: 'Somos 3', previous_body: 'Somos 2' });
  });

  it('applies edits and revokes made while the worker was down when it back-fills', async () => {
    await ready();
    const kept = await c.fake.message({ chatId: CHAT, body: 'Somos 2' });
    const deleted = await c.fake.message({ chatId: CHAT, body: 'Número equivocado' });
    await stored(kept.protocolId);
    await stored(deleted.protocolId);
    await c.h.stop();
    await c.post(`/messages/${kept.protocolId}/edit`, { body: 'Somos 4' });
    await c.post(`/messages/${deleted.protocolId}/revoke`, {});
    // The customer writes again meanwhile: the catch-up fetches the chat, and with it the changed copies.
    await c.fake.message({ chatId: CHAT, body: '¿Me confirman?' });
    c.h.start();
    await waitFor('the offline edit and revoke applied', async () => {
      const [a, b] = [await row(kept.protocolId), await row(deleted.protocolId)];
      return a?.edited && b?.revoked ? { a, b } : undefined;
    });
    expect(await row(kept.protocolId)).toMatchObject({ body: 'Somos 4', previous_body: 'Somos 2' });
  });

  it('stores a group author seen as @lid under the phone id the contacts sync knows', async () => {
    await ready();
    const group = '120363088888888888@g.us';
    await t.sql`insert into whatsapp_contacts (session_id, wid, lid, phone)
      values (${c.h.sessionId}, '56977777777@c.us', '98765432101234@lid', '56977777777')`;
    const m = await c.fake.message({ chatId: group, body: 'Confirmo', author: '98765432101234@lid' });
    await stored(m.protocolId);
    const [found] = await t.sql<{ sender_wid: string }[]>`
      select sender_wid from whatsapp_messages where protocol_id = ${m.protocolId}`;
    expect(found?.sender_wid).toBe('56977777777@c.us');
  });
});
