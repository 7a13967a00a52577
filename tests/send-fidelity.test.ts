import { describe, expect, it } from 'vitest';
import { enqueueCommand } from '../lib/commands/enqueue';
import { startControlledHarness } from './support/fake-control';
import { harnessTestDb } from './support/harness-suite';
import { messageDto } from './support/messages';
import { waitFor } from './support/processes';

const CHAT = '56941414141@c.us';

/** Sends when whatsapp-web.js misbehaves as it really does, provoked through the fake's control API. */
describe('sending through a misbehaving library', () => {
  let c: Awaited<ReturnType<typeof startControlledHarness>>;
  const t = harnessTestDb(() => c);

  const ready = async () => {
    c = await startControlledHarness(t);
    c.h.world.linked = true;
    c.h.start();
    await c.h.waitForStatus('ready');
  };
  const command = async (id: number) => {
    const [row] = await t.sql<{ status: string; error: string | null }[]>`
      select status::text, error from whatsapp_commands where id = ${id}`;
    return row;
  };
  const settled = (id: number) =>
    waitFor(
      `command ${id} to settle`,
      async () => {
        const row = await command(id);
        return row && !['pending', 'running', 'sending'].includes(row.status) ? row : undefined;
      },
      15_000,
    );
  /** A text to the customer's chat, queued as the dashboard queues it. */
  const queueSend = async (body: string) =>
    (
      await enqueueCommand(t.db, {
        sessionId: c.h.sessionId,
        kind: 'send_message',
        payload: { chatId: CHAT, body },
      })
    ).command;

  it('confirms a send the library answered with undefined from the chat, never failing it', async () => {
    await ready();
    await c.fake.misbehave({ sendReturnsUndefined: 1 });
    const cmd = await queueSend('Su reserva está confirmada');
    expect(await settled(cmd.id)).toMatchObject({ status: 'succeeded' });
    expect((await c.fake.sent()).filter((s) => s.body === 'Su reserva está confirmada')).toHaveLength(1);
    expect(c.h.calls.sendResults).toEqual([expect.objectContaining({ commandId: cmd.id, ok: true })]);
  });

  it('restarts the client on a detached Frame and sends the command on the new one, once', async () => {
    await ready();
    await c.fake.misbehave({ detachedFrame: 1 });
    const cmd = await queueSend('Nos vemos a las 9');
    expect(await settled(cmd.id)).toMatchObject({ status: 'succeeded' });
    expect((await c.fake.sent()).filter((s) => s.body === 'Nos vemos a las 9')).toHaveLength(1);
    expect(c.h.calls.sendResults.filter((r) => !r.ok)).toEqual([]);
  });

  it('finds a send the page took with it in the chat on the new client, instead of sending it twice', async () => {
    await ready();
    await c.fake.misbehave({ pageGoneAfterSend: 1 });
    const cmd = await queueSend('Te esperamos en el punto de encuentro');
    expect(await settled(cmd.id)).toMatchObject({ status: 'succeeded' });
    expect(
      (await c.fake.sent()).filter((s) => s.body === 'Te esperamos en el punto de encuentro'),
    ).toHaveLength(1);
    // The customer's chat shows it once, as ours, and the sender is told it went out.
    const rows = await t.sql<{ from_me: boolean }[]>`
      select from_me from whatsapp_messages where body = 'Te esperamos en el punto de encuentro'`;
    expect(rows).toEqual([{ from_me: true }]);
    expect(c.h.calls.sendResults).toEqual([expect.objectContaining({ commandId: cmd.id, ok: true })]);
  });

  it('still sends a second "ok" when the page goes before it left, though the chat has an earlier one', async () => {
    await ready();
    const first = await queueSend('ok');
    expect(await settled(first.id)).toMatchObject({ status: 'succeeded' });
    // The page is gone before WhatsApp took the second one: the lookup finds only the first, which we had
    // stored before this attempt began, so it is not this send.
    await c.fake.misbehave({ detachedFrame: 1 });
    const second = await queueSend('ok');
    expect(await settled(second.id)).toMatchObject({ status: 'succeeded' });
    expect((await c.fake.sent()).filter((s) => s.body === 'ok')).toHaveLength(2);
    const rows = await t.sql`select 1 from whatsapp_messages where body = 'ok' and from_me`;
    expect(rows).toHaveLength(2);
  });

  it('looks for an unconfirmed send among the chat`s newest messages, not its whole history', async () => {
    // A customer who writes a lot and an inbox that seldom answers: 400 of theirs, none of ours.
    const start = Math.floor(Date.now() / 1000) - 4000;
    c = await startControlledHarness(t);
    c.h.world.linked = true;
    c.h.world.record(
      Array.from({ length: 400 }, (_, i) =>
        messageDto({ chatId: CHAT, body: `Consulta ${i}`, timestamp: start + i * 10 }),
      ),
    );
    c.h.start();
    await c.h.waitForStatus('ready');
    await waitFor(
      'the back-fill of the 400',
      async () => {
        const [row] = await t.sql<{ n: number }[]>`select count(*)::int as n from whatsapp_messages`;
        return row!.n >= 400 ? true : undefined;
      },
      15_000,
    );
    await c.fake.misbehave({ sendReturnsUndefined: 1 });
    const driver = c.control.driver!;
    const loadedBefore = driver.messagesLoaded;
    const cmd = await queueSend('Le respondemos mañana');
    expect(await settled(cmd.id)).toMatchObject({ status: 'succeeded' });
    // Looking for "50 of our own" would have made the page load all 401 messages of the chat.
    expect(driver.messagesLoaded - loadedBefore).toBeLessThanOrEqual(50);
  });
});
