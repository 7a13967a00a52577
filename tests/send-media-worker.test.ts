import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type EnqueueInput, enqueueCommand } from '../lib/commands/enqueue';
import { mediaStore } from '../lib/media/store';
import { queueReaction } from '../lib/whatsapp/queue-reaction';
import { createTestDb, type TestDb } from './support/db';
import { startControlledHarness } from './support/fake-control';
import { waitFor } from './support/processes';

const CHAT = '56943434343@c.us';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** The worker sends files, replies and reactions through the fake, which shows them at GET /sent. */
describe('worker: sending files, replies and reactions', () => {
  let t: TestDb;
  let c: Awaited<ReturnType<typeof startControlledHarness>>;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());
  afterEach(async () => {
    await c.cleanup();
    await t.sql`truncate whatsapp_sessions cascade`;
  });

  const ready = async () => {
    c = await startControlledHarness(t);
    c.h.world.linked = true;
    c.h.start();
    await c.h.waitForStatus('ready');
  };
  const settled = (id: number) =>
    waitFor(
      `command ${id} to settle`,
      async () => {
        const [row] = await t.sql<{ status: string; error: string | null }[]>`
          select status::text, error from whatsapp_commands where id = ${id}`;
        return row && !['pending', 'running', 'sending'].includes(row.status) ? row : undefined;
      },
      15_000,
    );
  /** Queue a command for the harness's number and wait for the worker to settle it. */
  const run = async (kind: EnqueueInput['kind'], payload: EnqueueInput['payload']) => {
    const { command } = await enqueueCommand(t.db, { sessionId: c.h.sessionId, kind, payload });
    return { command, outcome: await settled(command.id) };
  };
  const stored = async (bytes: Buffer, mimetype: string) => mediaStore(t.db).put(bytes, { mimetype });

  it('sends a document with its caption as a reply, and the stored copy is already there', async () => {
    await ready();
    const quoted = await c.post<{ id: string; protocolId: string }>('/messages', {
      chatId: CHAT,
      body: '¿Me mandan el voucher?',
    });
    const blob = await stored(PDF, 'application/pdf');
    const { outcome } = await run('send_message', {
      chatId: CHAT,
      body: 'Aquí está, código TK-1234',
      media: { ...blob, mimetype: 'application/pdf', filename: 'voucher.pdf', asDocument: true },
      quotedMessageId: quoted.id,
    });
    expect(outcome).toMatchObject({ status: 'succeeded' });
    const sent = (await c.fake.sent()).filter((s) => s.type === 'document');
    expect(sent).toEqual([
      expect.objectContaining({
        chatId: CHAT,
        body: 'Aquí está, código TK-1234',
        caption: 'Aquí está, código TK-1234',
        media: { mimetype: 'application/pdf', filename: 'voucher.pdf', size: PDF.length },
        quotedId: quoted.id,
      }),
    ]);
    const [row] = await t.sql<
      { type: string; body: string; quoted: string; state: string; sha256: string }[]
    >`
      select m.type, m.body, m.quoted_protocol_id as quoted, d.state::text, d.sha256
      from whatsapp_messages m join media_downloads d on d.message_id = m.id
      where m.from_me and m.type = 'document'`;
    expect(row).toEqual({
      type: 'document',
      body: 'Aquí está, código TK-1234',
      quoted: quoted.protocolId,
      state: 'stored',
      sha256: blob.sha256,
    });
  });

  it('fails a send whose file is no longer stored, without calling WhatsApp', async () => {
    await ready();
    const { outcome } = await run('send_message', {
      chatId: CHAT,
      body: '',
      media: {
        sha256: 'a'.repeat(64),
        size: 10,
        mimetype: 'image/png',
        filename: 'x.png',
        asDocument: false,
      },
    });
    expect(outcome).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/no longer stored/),
    });
    expect((await c.fake.sent()).filter((s) => s.type !== 'chat')).toEqual([]);
  });

  it('confirms a file the library lost track of by its type and caption, never sending it twice', async () => {
    await ready();
    await c.fake.misbehave({ sendReturnsUndefined: 1 });
    const blob = await stored(PDF, 'application/pdf');
    const { command, outcome } = await run('send_message', {
      chatId: CHAT,
      body: 'Comprobante',
      media: { ...blob, mimetype: 'application/pdf', filename: 'comprobante.pdf', asDocument: true },
    });
    expect(outcome).toMatchObject({ status: 'succeeded' });
    expect((await c.fake.sent()).filter((s) => s.caption === 'Comprobante')).toHaveLength(1);
    expect(c.h.calls.sendResults).toEqual([expect.objectContaining({ commandId: command.id, ok: true })]);
  });

  it('reacts to a message and takes the reaction back; both reach WhatsApp and the stored reactions', async () => {
    await ready();
    const incoming = await c.post<{ id: string; protocolId: string }>('/messages', {
      chatId: CHAT,
      body: 'Gracias!',
    });
    const message = await waitFor(
      'the message to be stored',
      async () => {
        const [row] = await t.sql<
          { id: string }[]
        >`select id::text from whatsapp_messages where protocol_id = ${incoming.protocolId}`;
        return row ? Number(row.id) : undefined;
      },
      10_000,
    );
    const actor = { type: 'system' as const };
    const thumbs = await queueReaction(t.db, { messageId: message, emoji: '👍' }, actor);
    expect(await settled(thumbs.command.id)).toMatchObject({ status: 'succeeded' });
    const reactions = async () =>
      t.sql<{ emoji: string; from_me: boolean }[]>`
        select emoji, from_me from whatsapp_reactions where message_protocol_id = ${incoming.protocolId}`;
    expect(await reactions()).toEqual([{ emoji: '👍', from_me: true }]);
    const removal = await queueReaction(t.db, { messageId: message, emoji: '' }, actor);
    expect(await settled(removal.command.id)).toMatchObject({ status: 'succeeded' });
    expect((await reactions()).map((r) => r.emoji)).toEqual(['']);
    expect((await c.fake.sent()).filter((s) => s.type === 'reaction')).toEqual([
      expect.objectContaining({ chatId: CHAT, id: incoming.id, emoji: '👍' }),
      expect.objectContaining({ chatId: CHAT, id: incoming.id, emoji: '' }),
    ]);
  });

  it('fails a reaction to a message WhatsApp Web does not have', async () => {
    await ready();
    const { outcome } = await run('send_reaction', {
      chatId: CHAT,
      messageId: `false_${CHAT}_3EB0NOPE`,
      protocolId: '3EB0NOPE',
      messageFromMe: false,
      emoji: '👍',
    });
    expect(outcome).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/not in WhatsApp Web/),
    });
  });
});
