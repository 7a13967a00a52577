import { describe, expect, it } from 'vitest';
import { workerRegistry } from '../worker/metrics/ingest-metrics';
import { FakeDriver, lidOf } from '../worker/whatsapp/fake/fake-driver';
import { harnessTestDb } from './support/harness-suite';
import { messageDto } from './support/messages';
import { waitFor } from './support/processes';
import { startHarness } from './support/worker-harness';

const CHAT = '56951515151@c.us';

/** The sync after `ready` on accounts that are not the fake's happy path. */
describe('sync and catch-up with real-account quirks', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  const t = harnessTestDb(() => h);

  const missed = () => {
    h.world.linked = true;
    h.world.upsertChat({ id: CHAT, name: 'Rosa', isGroup: false, participants: null });
    const message = messageDto({ chatId: CHAT, body: 'Escribí mientras no estaban' });
    h.world.record([message]);
    return message;
  };
  const stored = (protocolId: string) =>
    waitFor(
      'the missed message back-filled',
      async () => {
        const [row] = await t.sql`select 1 from whatsapp_messages where protocol_id = ${protocolId}`;
        return row ? true : undefined;
      },
      10_000,
    );

  it('stores a person listed twice in one contact batch once, and still catches up', async () => {
    h = await startHarness(t);
    const message = missed();
    h.world.misbehaviour.duplicateContacts = true;
    h.start();
    await h.waitForStatus('ready');
    await stored(message.protocolId);
    const contacts = await t.sql<{ wid: string; lid: string | null }[]>`
      select wid, lid from whatsapp_contacts where wid = ${CHAT}`;
    expect(contacts).toHaveLength(1);
    expect(contacts[0]?.lid).toMatch(/@lid$/);
    expect(await h.lastError()).toBeNull();
  });

  it('shows a failed sync step on the session and in metrics, and runs the catch-up anyway', async () => {
    class BrokenContacts extends FakeDriver {
      override async getContacts(): Promise<never> {
        throw new Error('Evaluation failed: contacts store not ready');
      }
    }
    h = await startHarness(t, {}, t, () => new BrokenContacts(h.world, { qrRotateMs: 200 }));
    const message = missed();
    h.start();
    await h.waitForStatus('ready');
    await stored(message.protocolId);
    const error = await waitFor(
      'the failed step on the session',
      () => h.lastError().then((e) => e ?? undefined),
      5000,
    );
    expect(error).toMatch(/contacts: Evaluation failed/);
    expect(await workerRegistry.getSingleMetricAsString('tuki_sync_step_failures_total')).toMatch(
      /tuki_sync_step_failures_total\{step="contacts",process="worker"\} [1-9]/,
    );
  });

  it('keeps one chat per person when getChats answers @lid ids, and asks WhatsApp about each lid once', async () => {
    h = await startHarness(t);
    const message = missed();
    h.world.misbehaviour.lidChats = true;
    h.start();
    await h.waitForStatus('ready');
    await stored(message.protocolId);
    await h.runner.sync();
    const chats = await t.sql<{ wa_id: string }[]>`select wa_id from whatsapp_chats where not is_group`;
    expect(chats.map((c) => c.wa_id)).toEqual([CHAT]);
    expect(h.driver.lidLookups).toBe(1);
  });

  it('merges a stored @lid chat into the person`s chat: one inbox row, every message once, lookups cached', async () => {
    h = await startHarness(t);
    h.world.linked = true;
    h.start();
    await h.waitForStatus('ready');
    await h.runner.sync();
    const lid = `${lidOf(CHAT.split('@')[0]!)}@lid`;
    const stranger = `${lidOf('56900000001')}@lid`;
    // Messages that came before anyone knew the phone behind the lid: their own inbox rows.
    const early = messageDto({ chatId: lid, body: 'Hola, ¿tienen cupos?' });
    h.driver.deliver([early, messageDto({ chatId: stranger, body: 'Número sin teléfono conocido' })]);
    await stored(early.protocolId);
    // Then the same person writes from the chat WhatsApp lists under the phone.
    h.world.upsertChat({ id: CHAT, name: 'Rosa', isGroup: false, participants: null });
    const later = messageDto({ chatId: CHAT, body: 'Somos dos personas' });
    h.driver.deliver([later]);
    await stored(later.protocolId);
    const rows = () =>
      t.sql<{ wa_id: string; bodies: string[] }[]>`
        select c.wa_id, array_agg(m.body order by m.id) as bodies from whatsapp_chats c
        join whatsapp_messages m on m.chat_id = c.id where not c.is_group group by c.wa_id order by c.wa_id`;
    expect((await rows()).map((r) => r.wa_id).sort()).toEqual([CHAT, lid, stranger].sort());

    await h.runner.sync();
    expect(await rows()).toEqual([
      { wa_id: CHAT, bodies: ['Hola, ¿tienen cupos?', 'Somos dos personas'] },
      { wa_id: stranger, bodies: ['Número sin teléfono conocido'] },
    ]);
    // The library emits the early message again, and the person writes once more as @lid: both land in the
    // person's chat, once, and the @lid row does not come back.
    const again = messageDto({ chatId: lid, body: '¿A qué hora?' });
    h.driver.deliver([early, again]);
    await stored(again.protocolId);
    await h.runner.sync();
    expect(await rows()).toEqual([
      { wa_id: CHAT, bodies: ['Hola, ¿tienen cupos?', 'Somos dos personas', '¿A qué hora?'] },
      { wa_id: stranger, bodies: ['Número sin teléfono conocido'] },
    ]);
    // WhatsApp was asked once about each lid, found or not, over three syncs.
    expect(h.driver.lidLookups).toBe(2);
  });

  it('catches up chats listed without a last message id (WhatsApp has not loaded them) by their time', async () => {
    h = await startHarness(t);
    h.world.linked = true;
    // WhatsApp Web has the newest messages of its ~20 most recent chats loaded; the rest answer no lastMessage.
    const now = Math.floor(Date.now() / 1000);
    const missed = Array.from({ length: 25 }, (_, i) =>
      messageDto({ chatId: `5697000${String(i).padStart(4, '0')}@c.us`, timestamp: now - 600 + i }),
    );
    h.world.record(missed);
    h.start();
    await h.waitForStatus('ready');
    expect((await h.driver.getChats()).filter((c) => c.lastMessageId === null)).toHaveLength(5);
    await waitFor(
      'all 25 back-filled',
      async () => ((await h.messageCount()) === 25 ? true : undefined),
      10_000,
    );
  });

  it('catches up at most BACKFILL_MAX_PER_CHAT of one chat`s messages, the newest', async () => {
    h = await startHarness(t, { BACKFILL_MAX_PER_CHAT: '100' });
    h.world.linked = true;
    const now = Math.floor(Date.now() / 1000);
    h.world.record(
      Array.from({ length: 300 }, (_, i) =>
        messageDto({ chatId: CHAT, body: `Mensaje ${i}`, timestamp: now - 3000 + i * 10 }),
      ),
    );
    h.start();
    await h.waitForStatus('ready');
    await waitFor('the back-fill', async () => ((await h.messageCount()) >= 100 ? true : undefined), 10_000);
    await h.runner.sync();
    const rows = await t.sql<{ body: string }[]>`select body from whatsapp_messages order by timestamp`;
    expect(rows).toHaveLength(100);
    expect(rows[0]?.body).toBe('Mensaje 200');
    expect(rows.at(-1)?.body).toBe('Mensaje 299');
    // The window grew 50 → 100 and stopped there: the page never loaded the chat's older 200.
    expect(h.driver.messagesLoaded).toBeLessThanOrEqual(150);
  });

  it('refreshes only the group that changed on a participant change, without listing every chat', async () => {
    h = await startHarness(t);
    const group = '120363099999999999@g.us';
    h.world.linked = true;
    h.world.upsertChat({ id: group, name: 'Operador Pucón', isGroup: true, participants: null });
    h.start();
    await h.waitForStatus('ready');
    await h.runner.sync();
    const listings = h.driver.chatListings;
    const chat = h.world.chats.get(group)!;
    chat.participants = [
      ...(chat.participants ?? []),
      { wid: '56966666666@c.us', isAdmin: false, isSuperAdmin: false },
    ];
    h.driver.groupChange(group, 'join', ['56966666666@c.us']);
    await waitFor(
      'the new participant stored',
      async () => {
        const [row] =
          await t.sql`select 1 from whatsapp_group_participants where contact_wid = '56966666666@c.us'`;
        return row ? true : undefined;
      },
      5000,
    );
    expect(h.driver.chatListings).toBe(listings);
  });

  it('recognises our number as admin of a group in LID addressing mode, and stores its people by phone', async () => {
    h = await startHarness(t);
    const group = '120363011111111111@g.us';
    h.world.linked = true;
    h.world.misbehaviour.lidGroups = true;
    h.world.upsertChat({
      id: group,
      name: 'Reservas Sur Kayak · Tuki',
      isGroup: true,
      participants: [
        { wid: h.world.me.wid, isAdmin: true, isSuperAdmin: true },
        { wid: '56961234502@c.us', isAdmin: false, isSuperAdmin: false },
      ],
    });
    h.start();
    await h.waitForStatus('ready');
    await h.runner.sync();
    const [chat] = await t.sql<{ we_are_member: boolean; we_are_admin: boolean }[]>`
      select we_are_member, we_are_admin from whatsapp_chats where wa_id = ${group}`;
    expect(chat).toEqual({ we_are_member: true, we_are_admin: true });
    const people = await t.sql<{ contact_wid: string }[]>`
      select contact_wid from whatsapp_group_participants order by contact_wid`;
    expect(people.map((p) => p.contact_wid).sort()).toEqual([h.world.me.wid, '56961234502@c.us'].sort());

    // The single-group refresh (a join, a group command) maps them the same way.
    const chatRow = h.world.chats.get(group)!;
    chatRow.participants!.push({ wid: '56966666667@c.us', isAdmin: false, isSuperAdmin: false });
    h.driver.groupChange(group, 'join', ['56966666667@c.us']);
    await waitFor(
      'the new participant stored by phone',
      async () => {
        const [row] =
          await t.sql`select 1 from whatsapp_group_participants where contact_wid = '56966666667@c.us'`;
        return row ? true : undefined;
      },
      5000,
    );
    const [after] = await t.sql<{ we_are_admin: boolean }[]>`
      select we_are_admin from whatsapp_chats where wa_id = ${group}`;
    expect(after?.we_are_admin).toBe(true);
  });
});
