import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../lib/audit/actor';
import { queueChatMessage } from '../../lib/whatsapp/queue-message';
import { waitFor } from '../support/processes';
import { faultScenario } from './support/faults';
import { startSlowProxy } from './support/slow-proxy';

/**
 * The worker dies (SIGKILL) after WhatsApp took a message and before the outcome reached the database: the
 * command is left in `sending`. The next worker must confirm it from the chat instead of sending again, and
 * a `sending` command that never reached the phone must become `unknown`, never be re-sent.
 */
describe('crash while a send is in flight', () => {
  const scenario = faultScenario('tuki-fault-send-');
  let proxy: Awaited<ReturnType<typeof startSlowProxy>>;
  beforeAll(async () => {
    const url = new URL(scenario.t.url);
    proxy = await startSlowProxy(url.hostname, Number(url.port || 5432));
  });
  afterAll(() => proxy.close());

  // The lease outlasts a few 600 ms renewals: with 3 s, the slowed database made the worker fence itself
  // (worker/run.ts stops the client when renewals lag), and the send this test needs never went out.
  const env = { WORKER_LEASE_SECONDS: '8', WORKER_HEARTBEAT_SECONDS: '1' };
  const commandStatus = async (id: number) =>
    (
      await scenario.t.sql<{ status: string }[]>`select status::text from whatsapp_commands where id = ${id}`
    )[0]?.status;

  it('never puts a second copy on WhatsApp', async () => {
    const { t } = scenario;
    const viaProxy = new URL(t.url);
    viaProxy.port = String(proxy.port);
    const first = await scenario.startReadyWorker(env, viaProxy.toString());
    await first.fake.message({ chatId: '56971234567@c.us', body: 'Hola, quiero reservar' });
    const chatId = await waitFor(
      'the chat to be stored',
      async () => (await t.sql<{ id: string }[]>`select id::text from whatsapp_chats`)[0]?.id,
      20_000,
    );

    // Every database answer to the worker now takes 600 ms: the send reaches the fake long before the
    // worker can record its outcome.
    proxy.delayMs = 600;
    const { command } = await queueChatMessage(
      t.db,
      { chatId: Number(chatId), body: 'Reserva confirmada para el sábado' },
      SYSTEM_ACTOR,
    );
    await waitFor(
      'the fake to receive the send',
      async () => ((await first.fake.sent()).length ? true : undefined),
      30_000,
    );
    await first.kill9();
    expect(await commandStatus(command.id)).toBe('sending');

    // A second command that a dead worker had marked `sending` but that never reached the phone.
    const [phantom] = await t.sql<{ id: string }[]>`
      insert into whatsapp_commands (session_id, kind, payload, status, claimed_by, claimed_at)
      select session_id, 'send_message', ${JSON.stringify({ chatId: '56971234567@c.us', body: 'Nunca enviado' })}::jsonb,
        'sending', 'dead-host:1:abc', now()
      from whatsapp_commands where id = ${command.id}
      returning id::text`;

    proxy.delayMs = 0;
    const second = await scenario.startWorker(env, viaProxy.toString());
    await waitFor(
      'both commands to be reconciled',
      async () =>
        (await commandStatus(command.id)) === 'succeeded' &&
        (await commandStatus(Number(phantom!.id))) === 'unknown'
          ? true
          : undefined,
      30_000,
    );
    await new Promise((r) => setTimeout(r, 3000)); // a wrongful re-send would land by now
    const sent = await second.fake.sent();
    expect(sent.map((s) => s.body)).toEqual(['Reserva confirmada para el sábado']);
    const [stored] = await t.sql<{ n: number }[]>`
      select count(*)::int as n from whatsapp_messages where from_me and body = 'Reserva confirmada para el sábado'`;
    expect(stored!.n).toBe(1);
  });
});
