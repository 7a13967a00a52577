import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueCommand } from '../lib/commands/enqueue';
import { CHANNELS, listen, type Notice } from '../lib/events/notify';
import { enqueueWebhookEvent } from '../lib/webhooks/enqueue';
import { createTestDb, type TestDb } from './support/db';
import { createSession } from './support/factories';

describe('one typed publish for every channel', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it('wakes the worker of the session a command was queued for, and tells dashboards on their own channel', async () => {
    const session = await createSession(t.db);
    const wakes: Notice<'commands'>[] = [];
    const live: Notice<'events'>[] = [];
    const commands = await listen(t.sql, 'commands', (n) => wakes.push(n));
    const events = await listen(t.sql, 'events', (n) => live.push(n));
    const { command } = await enqueueCommand(t.db, { sessionId: session.id, kind: 'sync_chats' });
    await expect.poll(() => wakes).toEqual([{ type: 'command_queued', sessionId: session.id }]);
    await expect
      .poll(() => live)
      .toContainEqual({ type: 'command', sessionId: session.id, commandId: command.id });
    expect(live.map((e) => e.type)).not.toContain('command_queued');
    await commands.unlisten();
    await events.unlisten();
  });

  it('wakes webhook delivery when an event is queued for a subscribed endpoint', async () => {
    await t.sql`insert into webhook_endpoints (url, secret, events, active)
      values ('https://example.test/hook', 'secret', array['session.status'], true)`;
    const heard: Notice<'webhooks'>[] = [];
    const listener = await listen(t.sql, 'webhooks', (n) => heard.push(n));
    await enqueueWebhookEvent(t.db, 'session.status', { status: 'ready' });
    await expect.poll(() => heard).toEqual([{ type: 'webhook_queued', event: 'session.status' }]);
    await listener.unlisten();
  });

  it('drops a payload on a channel that is not one of its notices', async () => {
    const heard: Notice<'events'>[] = [];
    const listener = await listen(t.sql, 'events', (n) => heard.push(n));
    await t.sql`select pg_notify(${CHANNELS.events}, ${'{"type":"nope"}'})`;
    await t.sql`select pg_notify(${CHANNELS.events}, ${JSON.stringify({ type: 'bindings' })})`;
    await expect.poll(() => heard).toEqual([{ type: 'bindings' }]);
    await listener.unlisten();
  });
});
