import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../lib/audit/actor';
import { requestMediaDownload } from '../lib/media/message-media';
import { mediaStore } from '../lib/media/store';
import { processStoredMessages } from '../lib/reservations/process-messages';
import { createWebhookEndpoint } from '../lib/webhooks/endpoints';
import { enqueueMessageReceivedEvents } from '../lib/webhooks/events';
import { ingestBatch } from '../lib/whatsapp/ingest';
import { listMessages } from '../lib/whatsapp/list-messages';
import { createTestDb, type TestDb } from './support/db';
import { startControlledHarness } from './support/fake-control';
import { messageDto } from './support/messages';
import { requestScenario } from './support/pipeline';
import { waitFor as waitWithin } from './support/processes';

const CHAT = '56941414141@c.us';
const waitFor = <T>(what: string, probe: () => Promise<T | undefined>) => waitWithin(what, probe, 10_000);
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

interface Payload {
  message: Record<string, unknown> & { media?: unknown };
  reaction?: unknown;
}

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

describe('receiving rich messages through the fake (control API → worker → history)', () => {
  let c: Awaited<ReturnType<typeof startControlledHarness>>;
  afterEach(async () => {
    await c.cleanup();
    await t.sql`truncate whatsapp_sessions, media_blobs cascade`;
  });
  const ready = async (overrides: Record<string, string> = {}) => {
    c = await startControlledHarness(t, { MEDIA_MAX_MB: '1', ...overrides });
    c.h.world.linked = true;
    c.h.start();
    await c.h.waitForStatus('ready');
  };
  const itemOf = async (protocolId: string) => {
    const [row] = await t.sql<{ id: number; chat_id: number }[]>`
      select id::int8 as id, chat_id::int8 as chat_id from whatsapp_messages where protocol_id = ${protocolId}`;
    if (!row) return undefined;
    const page = await listMessages(t.db, { chatId: Number(row.chat_id), limit: 100 });
    return page.items.find((m) => m.protocolId === protocolId);
  };
  const mediaState = (protocolId: string, state: string) =>
    waitFor(`media of ${protocolId} ${state}`, async () => {
      const item = await itemOf(protocolId);
      return item?.media?.state === state ? item : undefined;
    });
  const send = (body: Record<string, unknown>) =>
    c.post<{ protocolId: string }>('/messages', { chatId: CHAT, ...body });
  const download = (protocolId: string) =>
    t.sql<{ state: string; attempts: number; error: string | null; next_in: number }[]>`
      select d.state, d.attempts, d.error, extract(epoch from d.next_attempt_at - now())::int as next_in
      from media_downloads d join whatsapp_messages m on m.id = d.message_id where m.protocol_id = ${protocolId}`;

  it('stores a photo with its caption, thumbnail and metadata, then its bytes (stored)', async () => {
    await ready();
    const data = Buffer.concat([PNG, randomBytes(500)]);
    const { protocolId } = await send({
      type: 'image',
      caption: 'El comprobante, reserva RES-7KQ2M',
      media: { mimetype: 'image/png', data: data.toString('base64'), width: 1, height: 1 },
    });
    const item = await mediaState(protocolId, 'stored');
    expect(item.body).toBe('El comprobante, reserva RES-7KQ2M');
    expect(item.media).toMatchObject({
      mimetype: 'image/png',
      size: data.length,
      filehash: createHash('sha256').update(data).digest('base64'),
      width: 1,
      height: 1,
      url: `/api/v1/whatsapp/messages/${item.id}/media/`,
      error: null,
    });
    expect(item.media?.thumbnail).toMatch(/^\/9j\//);
    const blob = await mediaStore(t.db).get(createHash('sha256').update(data).digest('hex'));
    expect(blob?.mimetype).toBe('image/png');
    expect((await readAll(blob!.stream)).equals(data)).toBe(true);
  });

  it('keeps a forwarded copy of a stored file once, without downloading it again', async () => {
    await ready();
    const data = randomBytes(2000).toString('base64');
    const first = await send({
      type: 'document',
      media: { mimetype: 'application/pdf', filename: 'voucher.pdf', data },
    });
    await mediaState(first.protocolId, 'stored');
    const downloads = c.control.driver!.downloads;
    const again = await send({
      type: 'document',
      media: { mimetype: 'application/pdf', filename: 'copia.pdf', data },
    });
    const item = await mediaState(again.protocolId, 'stored');
    expect(item.media?.filename).toBe('copia.pdf');
    expect(c.control.driver!.downloads).toBe(downloads);
    const [blobs] = await t.sql<{ n: number }[]>`select count(*)::int as n from media_blobs`;
    expect(blobs?.n).toBe(1);
  });

  it('does not fetch a file over MEDIA_MAX_MB (too_large)', async () => {
    await ready();
    const { protocolId } = await send({
      type: 'video',
      media: { mimetype: 'video/mp4', size: 2 * 1024 * 1024 },
    });
    const item = await mediaState(protocolId, 'too_large');
    expect(item.media?.error).toContain('MEDIA_MAX_MB');
    expect(item.media?.url).toBeNull();
    expect(c.control.driver!.downloads).toBe(0);

    // "Download anyway" on a file larger than the worker's heap could hold refuses too, saying why, instead
    // of the worker running out of memory with every number it runs (this one announced as 50 GB).
    await t.sql`update whatsapp_messages set media_size = ${50 * 1024 ** 3} where protocol_id = ${protocolId}`;
    await requestMediaDownload(t.db, { messageId: item.id, actor: SYSTEM_ACTOR });
    c.h.runner.media.poke();
    const refused = await waitFor('the refusal', async () => {
      const [d] = await download(protocolId);
      return d?.state === 'too_large' && d.error?.includes('hold in memory') ? d : undefined;
    });
    expect(refused.error).toContain('max-old-space-size');
    expect(c.control.driver!.downloads).toBe(0);
  });

  it('asks again for a file WhatsApp did not hand over (still re-uploading), and keeps it when it comes', async () => {
    await ready();
    await c.post('/misbehave', { mediaExpired: true });
    const { protocolId } = await send({ type: 'image', media: { mimetype: 'image/jpeg', size: 5000 } });
    const waiting = await waitFor('the first answer', async () => {
      const [d] = await download(protocolId);
      return d && d.attempts === 1 && d.state === 'pending' ? d : undefined;
    });
    expect(Math.abs(waiting.next_in - 60)).toBeLessThanOrEqual(5);
    await t.sql`update media_downloads set next_attempt_at = now() where state = 'pending'`;
    c.h.runner.media.poke();
    const item = await mediaState(protocolId, 'stored');
    expect(item.media?.url).toMatch(/\/media\/$/);
  });

  it('marks media WhatsApp keeps not handing over as expired, after asking three times', async () => {
    await ready();
    await c.post('/misbehave', { mediaExpired: 3 });
    const { protocolId } = await send({
      type: 'ptt',
      media: { mimetype: 'audio/ogg; codecs=opus', size: 900, duration: 12 },
    });
    for (const attempt of [1, 2]) {
      await waitFor(`attempt ${attempt}`, async () => {
        const [d] = await download(protocolId);
        return d && d.attempts === attempt && d.state === 'pending' ? d : undefined;
      });
      await t.sql`update media_downloads set next_attempt_at = now() where state = 'pending'`;
      c.h.runner.media.poke();
    }
    const item = await mediaState(protocolId, 'expired');
    expect(item.media).toMatchObject({ duration: 12, url: null });
    expect(item.media?.error).toContain('no longer has this file');
    expect(c.control.driver!.downloads).toBe(3);
  });

  it('retries a failing download with backoff (1 min, 10 min, 1 h, 6 h), then fails it', async () => {
    await ready();
    await c.post('/misbehave', { mediaFails: 5 });
    const { protocolId } = await send({ type: 'image', media: { mimetype: 'image/jpeg', size: 5000 } });
    const expected = [60, 600, 3600, 21_600];
    for (const [i, seconds] of expected.entries()) {
      const row = await waitFor(`attempt ${i + 1}`, async () => {
        const [d] = await download(protocolId);
        return d && d.attempts === i + 1 && d.state === 'pending' ? d : undefined;
      });
      expect(row.error).toContain('Evaluation failed');
      expect(Math.abs(row.next_in - seconds)).toBeLessThanOrEqual(5);
      // Time passes: the next attempt is due.
      await t.sql`update media_downloads set next_attempt_at = now() where state = 'pending'`;
      c.h.runner.media.poke();
    }
    const item = await mediaState(protocolId, 'failed');
    expect(item.media?.error).toContain('Evaluation failed');
    const [d] = await download(protocolId);
    expect(d?.attempts).toBe(5);
  });

  it('counts a download that timed out (a large file) with backoff, instead of restarting the client again at once', async () => {
    await ready();
    await c.post('/misbehave', { mediaTimeout: 1 });
    const clientsBefore = c.clients;
    const { protocolId } = await send({ type: 'video', media: { mimetype: 'video/mp4', size: 5000 } });
    const row = await waitFor('the timed-out attempt', async () => {
      const [d] = await download(protocolId);
      return d && d.attempts === 1 && d.state === 'pending' && d.error ? d : undefined;
    });
    expect(row.error).toContain('timed out');
    expect(Math.abs(row.next_in - 60)).toBeLessThanOrEqual(5);
    // The page is as good as gone after a protocol timeout: one new client, not one per retry.
    await waitFor('a new client', async () => (c.clients === clientsBefore + 1 ? true : undefined));
    await c.h.waitForStatus('ready');
    await t.sql`update media_downloads set next_attempt_at = now() where state = 'pending'`;
    c.h.runner.media.poke();
    await mediaState(protocolId, 'stored');
    expect(c.clients).toBe(clientsBefore + 1);
  });

  it('puts a download a dead worker left behind back in the queue, and downloads it', async () => {
    c = await startControlledHarness(t);
    c.h.world.linked = true;
    const dto = messageDto({ chatId: CHAT, type: 'sticker', hasMedia: true, body: '' });
    const { filehash } = c.h.world.media.add(dto.protocolId, {
      mimetype: 'image/webp',
      filename: null,
      size: 3000,
    });
    dto.media = {
      mimetype: 'image/webp',
      size: 3000,
      filehash,
      filename: null,
      duration: null,
      width: null,
      height: null,
    };
    await ingestBatch(t.sql, c.h.sessionId, {
      messages: [{ message: dto, source: 'live' }],
      acks: [],
      edits: [],
      revokes: [],
    });
    await t.sql`update media_downloads set state = 'downloading', attempts = 1, claimed_by = 'worker-that-died'`;
    c.h.start();
    await c.h.waitForStatus('ready');
    const item = await mediaState(dto.protocolId, 'stored');
    expect(item.media?.mimetype).toBe('image/webp');
    const [d] = await download(dto.protocolId);
    expect(d?.attempts).toBe(1);
  });

  it('shows locations, contact cards, polls, replies and reactions (latest per sender, removals gone)', async () => {
    await ready();
    const photo = await send({
      type: 'image',
      caption: 'La foto',
      media: { mimetype: 'image/jpeg', size: 4000 },
    });
    const place = await send({
      type: 'location',
      body: '/9j/4AAQ',
      location: { lat: -41.3195, lng: -72.9854, name: 'Muelle de Puerto Varas', address: 'Costanera s/n' },
    });
    const card = await send({
      type: 'vcard',
      vcards: [
        'BEGIN:VCARD\nVERSION:3.0\nFN:Guía Pedro\nTEL;type=CELL;waid=56987654321:+56 9 8765 4321\nEND:VCARD',
      ],
    });
    const poll = await send({
      type: 'poll_creation',
      poll: { name: '¿Hora de salida?', options: ['9:00', '10:00'] },
    });
    const reply = await send({ body: '¿Se ve bien?', quotedId: photo.protocolId });
    for (const [emoji, from] of [
      ['👍', '56911111111@c.us'],
      ['❤️', '56922222222@c.us'],
      ['😂', '56911111111@c.us'],
      ['', '56922222222@c.us'],
    ] as const) {
      await c.post('/reactions', { messageId: photo.protocolId, emoji, from });
    }
    const reacted = await waitFor('reactions', async () => {
      const item = await itemOf(photo.protocolId);
      return item?.reactions.length === 1 && item.reactions[0]!.emoji === '😂' ? item : undefined;
    });
    expect(reacted.reactions).toEqual([
      { emoji: '😂', senderWid: '56911111111@c.us', senderName: null, fromMe: false },
    ]);
    expect((await itemOf(place.protocolId))?.location).toMatchObject({
      latitude: -41.3195,
      name: 'Muelle de Puerto Varas',
    });
    expect((await itemOf(card.protocolId))?.vcards).toEqual([
      { name: 'Guía Pedro', numbers: ['56987654321'] },
    ]);
    expect((await itemOf(poll.protocolId))?.poll).toEqual({
      name: '¿Hora de salida?',
      options: ['9:00', '10:00'],
      allowMultiple: false,
    });
    const quoted = (await itemOf(reply.protocolId))?.quoted;
    expect(quoted).toMatchObject({
      id: reacted.id,
      protocolId: photo.protocolId,
      body: 'La foto',
      type: 'image',
      fromMe: false,
    });
  });

  it('announces media, reactions, edits and revokes to webhooks', async () => {
    await ready();
    await createWebhookEndpoint(
      t.db,
      {
        url: 'https://hooks.example.com/tuki',
        events: [
          'message.received',
          'message.media_stored',
          'message.reaction',
          'message.edited',
          'message.revoked',
        ],
      },
      SYSTEM_ACTOR,
    );
    const photo = await send({
      type: 'image',
      caption: 'Foto',
      media: { mimetype: 'image/jpeg', size: 4000 },
    });
    const stored = await mediaState(photo.protocolId, 'stored');
    const text = await send({ body: 'Llego a las 9' });
    await waitFor('text stored', () => itemOf(text.protocolId));
    await c.post(`/messages/${text.protocolId}/edit`, { body: 'Llego a las 10' });
    await c.post(`/messages/${photo.protocolId}/revoke`, {});
    await c.post('/reactions', { messageId: text.protocolId, emoji: '👍', from: CHAT });
    await enqueueMessageReceivedEvents(t.db, { sessionId: c.h.sessionId, messageIds: [stored.id] });
    const deliveries = await waitFor('five webhook events', async () => {
      // Payloads are checked field by field below; their shapes are the README's.
      const rows = await t.sql<{ event: string; payload: Payload }[]>`
        select event, payload from webhook_deliveries order by id`;
      return rows.length >= 5 ? new Map(rows.map((r) => [r.event, r.payload])) : undefined;
    });
    const url = `/api/v1/whatsapp/messages/${stored.id}/media/`;
    expect(deliveries.get('message.media_stored')?.message).toMatchObject({
      id: stored.id,
      mimetype: 'image/jpeg',
      url,
    });
    expect(deliveries.get('message.received')?.message.media).toMatchObject({
      mimetype: 'image/jpeg',
      size: 4000,
      url,
    });
    expect(deliveries.get('message.edited')?.message).toMatchObject({
      body: 'Llego a las 10',
      previousBody: 'Llego a las 9',
    });
    expect(deliveries.get('message.revoked')?.message).toMatchObject({
      id: stored.id,
      protocolId: photo.protocolId,
    });
    expect(deliveries.get('message.reaction')).toMatchObject({
      message: { protocolId: text.protocolId, fromMe: false },
      reaction: { emoji: '👍', senderWid: CHAT, fromMe: false },
    });
  });

  it('rejects bad media input and unknown misbehaviours, changing nothing', async () => {
    await ready();
    await expect(c.post('/messages', { chatId: CHAT, type: 'image' })).rejects.toThrow(/400/);
    await expect(
      c.post('/messages', {
        chatId: CHAT,
        type: 'image',
        media: { mimetype: 'image/png', size: 10, data: 'AAAA' },
      }),
    ).rejects.toThrow(/400/);
    await expect(c.post('/misbehave', { mediaGone: true })).rejects.toThrow(/400/);
    await expect(c.post('/reactions', { messageId: 'nope', emoji: '👍', from: CHAT })).rejects.toThrow(/404/);
  });
});

it('scans the caption of a media message for reservation codes', async () => {
  const s = await requestScenario(t.db);
  const dto = messageDto({
    chatId: s.customer.waId,
    type: 'image',
    hasMedia: true,
    body: `Aquí va el comprobante de ${s.reservation.code}`,
    media: {
      mimetype: 'image/jpeg',
      size: 1000,
      filehash: null,
      filename: null,
      duration: null,
      width: null,
      height: null,
    },
  });
  await ingestBatch(t.sql, s.session.id, {
    messages: [{ message: dto, source: 'live' }],
    acks: [],
    edits: [],
    revokes: [],
  });
  const [row] = await t.sql<{ id: number }[]>`
    select id::int8 as id from whatsapp_messages where protocol_id = ${dto.protocolId}`;
  const { created } = await processStoredMessages(t.db, {
    sessionId: s.session.id,
    messageIds: [Number(row!.id)],
  });
  expect(created).toHaveLength(1);
});
