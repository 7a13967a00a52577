import { describe, expect, it } from 'vitest';
import { enqueueCommand } from '../lib/commands/enqueue';
import { FakeDriver } from '../worker/whatsapp/fake/fake-driver';
import { harnessTestDb } from './support/harness-suite';
import { messageDto } from './support/messages';
import { waitFor } from './support/processes';
import { startHarness } from './support/worker-harness';

describe('worker session lifecycle (fake driver)', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  const t = harnessTestDb(() => h);

  it('goes starting → qr (rotating, announced) → authenticated → ready on scan', async () => {
    h = await startHarness(t);
    const heard: string[] = [];
    const listener = await t.sql.listen('tuki_events', (p) => heard.push(JSON.parse(p).type));
    h.start();
    await h.waitForStatus('qr');
    const [first] = await t.sql<{ qr: string }[]>`select qr from whatsapp_sessions`;
    await waitFor(
      'the QR to rotate',
      async () => {
        const [row] = await t.sql<{ qr: string }[]>`select qr from whatsapp_sessions`;
        return row?.qr && row.qr !== first?.qr ? true : undefined;
      },
      5000,
    );
    expect(h.driver.scan()).toBe(true);
    await h.waitForStatus('ready');
    const [row] = await t.sql<{ qr: string | null; me_wid: string; wa_version: string }[]>`
      select qr, me_wid, wa_version from whatsapp_sessions`;
    expect(row).toEqual({ qr: null, me_wid: '56900000000@c.us', wa_version: 'fake-2.3000.0' });
    await listener.unlisten();
    expect(heard).toContain('session');
  });

  it('survives `ready` firing twice: one sync result, no duplicate rows', async () => {
    h = await startHarness(t);
    h.world.linked = true;
    h.world.upsertChat({ id: '56922222222@c.us', name: 'Pedro', isGroup: false, participants: null });
    h.world.record([messageDto({ chatId: '56922222222@c.us' })]);
    h.world.misbehaviour.readyTwice = true;
    h.start();
    await h.waitForStatus('ready');
    await new Promise((r) => setTimeout(r, 500));
    expect(await h.messageCount()).toBe(1);
    const [chats] = await t.sql<{ n: number }[]>`select count(*)::int as n from whatsapp_chats`;
    expect(chats?.n).toBe(1);
  });

  it('stores each incoming message once although the library emits it several times', async () => {
    h = await startHarness(t);
    h.world.linked = true;
    h.start();
    await h.waitForStatus('ready');
    h.world.misbehaviour.duplicateAll = 2;
    const messages = Array.from({ length: 50 }, (_, i) => messageDto({ chatId: `5693000000${i % 5}@c.us` }));
    h.driver.deliver(messages, 1);
    await waitFor('50 rows', async () => ((await h.messageCount()) === 50 ? true : undefined), 5000);
    await new Promise((r) => setTimeout(r, 200));
    expect(await h.messageCount()).toBe(50);
    await waitFor(
      'processors to see each message once',
      () => (h.calls.processed.length === 50 ? true : undefined),
      8000,
    );
    expect(new Set(h.calls.processed).size).toBe(50);
  });

  it('back-fills what arrived while the worker was down', async () => {
    h = await startHarness(t);
    h.world.linked = true;
    h.start();
    await h.waitForStatus('ready');
    h.driver.deliver([
      messageDto({ chatId: '56944444444@c.us', timestamp: Math.floor(Date.now() / 1000) - 60 }),
    ]);
    await waitFor('the live message', async () => ((await h.messageCount()) === 1 ? true : undefined), 5000);
    await h.stop();

    // The phone keeps receiving while we are down.
    const missed = Array.from({ length: 120 }, (_, i) =>
      messageDto({
        chatId: i % 2 ? '56944444444@c.us' : '56955555555@c.us',
        timestamp: Math.floor(Date.now() / 1000) + i,
      }),
    );
    h.world.record(missed);
    h.start();
    await h.waitForStatus('ready');
    await waitFor('the back-fill', async () => ((await h.messageCount()) === 121 ? true : undefined), 10_000);
    expect(await h.messageCount(t.sql`source = 'backfill'`)).toBe(120);
  });

  it('back-fills a message that arrived while down in the same second as the last stored one', async () => {
    h = await startHarness(t);
    h.world.linked = true;
    h.start();
    await h.waitForStatus('ready');
    const second = Math.floor(Date.now() / 1000) - 30;
    h.driver.deliver([messageDto({ chatId: '56966666666@c.us', timestamp: second, body: 'primero' })]);
    await waitFor('the live message', async () => ((await h.messageCount()) === 1 ? true : undefined), 5000);
    await h.stop();

    // Same chat, same second: invisible to a timestamp comparison, visible by id.
    h.world.record([
      messageDto({ chatId: '56966666666@c.us', timestamp: second, body: 'segundo, mismo segundo' }),
    ]);
    h.start();
    await h.waitForStatus('ready');
    await waitFor(
      'the same-second back-fill',
      async () => ((await h.messageCount()) === 2 ? true : undefined),
      10_000,
    );
    expect(await h.messageCount(t.sql`source = 'backfill'`)).toBe(1);
  });

  it('shows the QR again after the phone logs the number out', async () => {
    h = await startHarness(t);
    h.world.linked = true;
    h.start();
    await h.waitForStatus('ready');
    h.driver.disconnect('LOGOUT');
    await waitFor('a new QR', async () => ((await h.status()) === 'qr' ? true : undefined), 10_000);
    expect(h.world.linked).toBe(false);
  });

  it('starts the next client only once a sign-out has removed the old profile', async () => {
    // whatsapp-web.js's logout() closes the browser (a LOGOUT disconnect) and only then deletes the profile:
    // a client started meanwhile would launch Chromium into a folder being deleted under it.
    const steps: string[] = [];
    class Recording extends FakeDriver {
      override async start(...args: Parameters<FakeDriver['start']>) {
        steps.push('start');
        return super.start(...args);
      }
      override async logout() {
        await super.logout();
        steps.push('profile removed');
      }
    }
    h = await startHarness(t, {}, t, () => new Recording(h.world, { qrRotateMs: 200 }));
    h.world.linked = true;
    h.start();
    await h.waitForStatus('ready');
    h.world.misbehaviour.slowLogoutMs = 1500;
    await enqueueCommand(t.db, { sessionId: h.sessionId, kind: 'logout', payload: {}, createdBy: 'test' });
    await waitFor('a new QR', async () => ((await h.status()) === 'qr' ? true : undefined), 15_000);
    expect(steps).toEqual(['start', 'profile removed', 'start']);
  });

  it('restarts the client with backoff after a disconnect and reconnects by itself', async () => {
    h = await startHarness(t);
    h.world.linked = true;
    h.start();
    await h.waitForStatus('ready');
    h.driver.disconnect('NAVIGATION');
    await h.waitForStatus('disconnected');
    await h.waitForStatus('ready', 10_000);
    const [row] = await t.sql<
      { consecutive_restarts: number }[]
    >`select consecutive_restarts from whatsapp_sessions`;
    expect(row?.consecutive_restarts).toBe(0);
  });
});
