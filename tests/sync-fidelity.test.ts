import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workerRegistry } from '../worker/metrics/ingest-metrics';
import { FakeDriver } from '../worker/whatsapp/fake/fake-driver';
import { createTestDb, type TestDb } from './support/db';
import { messageDto } from './support/messages';
import { waitFor } from './support/processes';
import { startHarness } from './support/worker-harness';

const CHAT = '56951515151@c.us';

/** The sync after `ready` on accounts that are not the fake's happy path. */
describe('sync and catch-up with real-account quirks', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof startHarness>>;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());
  afterEach(async () => {
    await h.cleanup();
    await t.sql`truncate whatsapp_sessions cascade`;
  });

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
});
