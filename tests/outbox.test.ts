import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { claimCommand, setCommandState } from '../lib/commands/claim';
import { enqueueCommand } from '../lib/commands/enqueue';
import { Invalid } from '../lib/errors';
import { ensureSession } from '../lib/whatsapp/sessions/lease';
import { Pacer } from '../worker/outbox/pacer';
import { createTestDb, type TestDb } from './support/db';
import { waitFor } from './support/processes';
import { startHarness } from './support/worker-harness';

const send = (body: string, chatId = '56911111111@c.us') => ({
  kind: 'send_message' as const,
  payload: { chatId, body },
});

describe('outbox', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());
  afterEach(async () => {
    await t.sql`truncate whatsapp_sessions cascade`;
  });

  it('creates one command for the same idempotency key', async () => {
    const { id: sessionId } = await ensureSession(t.db, 'default');
    const a = await enqueueCommand(t.db, { sessionId, ...send('Hola'), idempotencyKey: 'req-1' });
    const b = await enqueueCommand(t.db, { sessionId, ...send('Hola'), idempotencyKey: 'req-1' });
    expect(a.created).toBe(true);
    expect(b).toMatchObject({ created: false, command: { id: a.command.id } });
  });

  it('rejects an invalid payload and stores nothing', async () => {
    const { id: sessionId } = await ensureSession(t.db, 'default');
    await expect(
      enqueueCommand(t.db, { sessionId, kind: 'send_message', payload: { chatId: 'nope', body: '' } }),
    ).rejects.toBeInstanceOf(Invalid);
    const [row] = await t.sql<{ n: number }[]>`select count(*)::int as n from whatsapp_commands`;
    expect(row?.n).toBe(0);
  });

  it('never hands the same command to two racing workers', async () => {
    const { id: sessionId } = await ensureSession(t.db, 'default');
    for (let i = 0; i < 40; i++) await enqueueCommand(t.db, { sessionId, ...send(`m${i}`) });
    const claimed: number[] = [];
    const worker = async (owner: string) => {
      for (;;) {
        const command = await claimCommand(t.sql, sessionId, owner, ['send_message']);
        if (!command) return;
        claimed.push(command.id);
      }
    };
    await Promise.all([worker('a'), worker('b'), worker('c')]);
    expect(claimed).toHaveLength(40);
    expect(new Set(claimed).size).toBe(40);
  });

  it('lets only the worker that holds the claim take a command past the point of no return', async () => {
    const { id: sessionId } = await ensureSession(t.db, 'default');
    const { command } = await enqueueCommand(t.db, { sessionId, ...send('Una sola vez') });
    expect((await claimCommand(t.sql, sessionId, 'worker-a', ['send_message']))?.id).toBe(command.id);
    // worker-a was fenced off its lease meanwhile; the new holder put the command back and took it itself.
    await setCommandState(t.sql, command.id, { status: 'pending' });
    expect((await claimCommand(t.sql, sessionId, 'worker-b', ['send_message']))?.id).toBe(command.id);
    expect(await setCommandState(t.sql, command.id, { status: 'sending' }, { owner: 'worker-a' })).toBe(
      false,
    );
    expect(await setCommandState(t.sql, command.id, { status: 'sending' }, { owner: 'worker-b' })).toBe(true);
    const [row] = await t.sql<{ claimed_by: string }[]>`select claimed_by from whatsapp_commands`;
    expect(row?.claimed_by).toBe('worker-b');
  });

  describe('with a running session', () => {
    let h: Awaited<ReturnType<typeof startHarness>>;
    afterEach(() => h.cleanup());

    it('sends once, stores the message, and follows acks to read', async () => {
      h = await startHarness(t);
      h.world.linked = true;
      h.start();
      await h.waitForStatus('ready');
      const { command } = await enqueueCommand(t.db, {
        sessionId: h.sessionId,
        ...send('Su reserva está confirmada'),
      });
      await waitFor(
        'the read tick',
        async () => {
          const [row] = await t.sql<
            { ack: number }[]
          >`select ack from whatsapp_messages where from_me and source = 'sent'`;
          return row?.ack === 3 ? true : undefined;
        },
        5000,
      );
      const [done] = await t.sql<{ status: string; result: { protocolId: string } }[]>`
        select status::text, result from whatsapp_commands where id = ${command.id}`;
      expect(done?.status).toBe('succeeded');
      expect(h.world.sent.map((s) => s.body)).toEqual(['Su reserva está confirmada']);
      expect(h.calls.sendResults).toEqual([
        { commandId: command.id, ok: true, protocolId: done!.result.protocolId },
      ]);
      expect(h.calls.acked).toContain(done!.result.protocolId);
    });

    it('records a failed send with the reason and tells the domain', async () => {
      h = await startHarness(t);
      h.world.linked = true;
      h.world.misbehaviour.failSends = 1;
      h.start();
      await h.waitForStatus('ready');
      const { command } = await enqueueCommand(t.db, { sessionId: h.sessionId, ...send('x') });
      await waitFor('the failure', () => (h.calls.sendResults.length === 1 ? true : undefined), 5000);
      const [row] = await t.sql<
        { status: string; error: string }[]
      >`select status::text, error from whatsapp_commands where id = ${command.id}`;
      expect(row).toEqual({ status: 'failed', error: 'Evaluation failed: fake send failure' });
      expect(h.world.sent).toHaveLength(0);
    });

    it('after a crash in `sending`: confirms a message that went out, marks one it cannot find unknown, sends neither again', async () => {
      h = await startHarness(t);
      h.world.linked = true;
      const now = Math.floor(Date.now() / 1000);
      // The dead worker's first send reached WhatsApp; its second did not.
      h.world.record([
        {
          protocolId: 'SENTBEFORECRASH',
          fromMe: true,
          serializedId: 'true_56911111111@c.us_SENTBEFORECRASH',
          chatId: '56911111111@c.us',
          senderWid: null,
          body: 'Mensaje enviado justo antes de caer',
          type: 'chat',
          timestamp: now,
          ack: 2,
          hasMedia: false,
          isForwarded: false,
          isStatus: false,
          quotedProtocolId: null,
        },
      ]);
      const sent = await enqueueCommand(t.db, {
        sessionId: h.sessionId,
        ...send('Mensaje enviado justo antes de caer'),
      });
      const lost = await enqueueCommand(t.db, { sessionId: h.sessionId, ...send('Mensaje que nunca salió') });
      await t.sql`update whatsapp_commands set status = 'sending', claimed_by = 'dead-worker', claimed_at = now()
        where id in (${sent.command.id}, ${lost.command.id})`;
      h.start();
      await h.waitForStatus('ready');
      await waitFor(
        'reconciliation',
        async () => {
          const rows = await t.sql<
            { status: string }[]
          >`select status::text from whatsapp_commands where status = 'sending'`;
          return rows.length === 0 ? true : undefined;
        },
        5000,
      );
      const rows = await t.sql<{ id: number; status: string; result: { protocolId: string } | null }[]>`
        select id::int8 as id, status::text, result from whatsapp_commands order by id`;
      expect(rows.map((r) => r.status)).toEqual(['succeeded', 'unknown']);
      expect(rows[0]?.result?.protocolId).toBe('SENTBEFORECRASH');
      expect(h.world.sent).toHaveLength(0);
    });

    it('puts a command left in `running` by a dead worker back in the queue and runs it', async () => {
      h = await startHarness(t);
      h.world.linked = true;
      const { command } = await enqueueCommand(t.db, { sessionId: h.sessionId, ...send('Reintento seguro') });
      await t.sql`update whatsapp_commands set status = 'running', claimed_by = 'dead-worker' where id = ${command.id}`;
      h.start();
      await waitFor('the send', () => (h.world.sent.length === 1 ? true : undefined), 8000);
      expect(h.world.sent[0]?.body).toBe('Reintento seguro');
    });
  });
});

describe('pacer', () => {
  const settings = { perChatGapMs: 3000, perMinute: 3, jitterMs: 0 };

  it('spaces messages to one chat and caps the global rate per minute', () => {
    const pacer = new Pacer(
      () => settings,
      () => 0,
    );
    expect(pacer.delayFor('a', 0)).toBe(0);
    pacer.record('a', 0);
    expect(pacer.delayFor('a', 1000)).toBe(2000);
    expect(pacer.delayFor('b', 1000)).toBe(0);
    pacer.record('b', 1000);
    pacer.record('c', 2000);
    // Three sends in this minute: the fourth waits until the first leaves the window.
    expect(pacer.delayFor('d', 10_000)).toBe(50_000);
  });

  it('adds jitter so the rhythm does not look automated', () => {
    const pacer = new Pacer(
      () => ({ ...settings, jitterMs: 1000 }),
      () => 0.5,
    );
    pacer.record('a', 0);
    expect(pacer.delayFor('a', 1000)).toBe(2500);
  });
});
