import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredMedia } from '../lib/media/retention';
import { call, createKey, createUserWithCookie, errorOf, useTestDbForRoutes } from './support/api';
import { createTestDb, type TestDb } from './support/db';
import { createChat, createMessage, createSession } from './support/factories';

const WA = '/api/v1/superadmin/whatsapp';
/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

function form(
  fields: Record<string, string | Blob>,
  file?: { bytes: Uint8Array; name: string; type?: string },
) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  if (file) data.set('file', new File([new Uint8Array(file.bytes)], file.name, { type: file.type ?? '' }));
  return data;
}

/** Sending files, replies and reactions through the API: validation, access, and what gets queued. */
describe('send API: files, replies, reactions', () => {
  let t: TestDb;
  let write: string;
  let read: string;
  let session: { id: number };
  let chat: { id: number; waId: string };

  beforeAll(async () => {
    // Small on purpose: a file over the limit is only 1 MB.
    process.env.MEDIA_MAX_MB = '1';
    t = await createTestDb();
    useTestDbForRoutes(t);
    write = (await createKey(t.db, 'write')).key;
    read = (await createKey(t.db, 'read')).key;
    session = await createSession(t.db, { name: 'default', status: 'ready', heartbeatAt: new Date() });
    chat = await createChat(t.db, { sessionId: session.id, waId: '56955556666@c.us' });
  });
  afterAll(async () => {
    delete process.env.MEDIA_MAX_MB;
    await t.drop();
  });

  const send = (body: FormData | Record<string, unknown>, key = write) =>
    call('POST', `${WA}/chats/${chat.id}/messages/`, { key, body });

  it('queues a text reply quoting a message of the chat by its serialized id', async () => {
    const quoted = await createMessage(t.db, {
      sessionId: session.id,
      chatId: chat.id,
      serializedId: 'false_56955556666@c.us_3EB0AAAA',
    });
    const res = await send({ body: 'Sí, quedan cupos', quotedMessageId: quoted.id });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({
      command: {
        kind: 'send_message',
        payload: { body: 'Sí, quedan cupos', quotedMessageId: 'false_56955556666@c.us_3EB0AAAA' },
      },
    });
  });

  it('refuses to quote a message of another chat', async () => {
    const other = await createChat(t.db, { sessionId: session.id });
    const elsewhere = await createMessage(t.db, { sessionId: session.id, chatId: other.id });
    const res = await send({ body: 'hola', quotedMessageId: elsewhere.id });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).error.details).toMatchObject({ reason: 'quoted_not_in_chat' });
  });

  it('stores a photo and queues it with its caption, once per idempotency key', async () => {
    const quoted = await createMessage(t.db, {
      sessionId: session.id,
      chatId: chat.id,
      serializedId: 'false_56955556666@c.us_3EB0CCCC',
    });
    const photo = () =>
      send(
        form(
          { caption: 'Su comprobante', quotedMessageId: String(quoted.id), idempotencyKey: 'foto-1' },
          // The browser's claim is not what counts: the bytes are a PNG.
          { bytes: PNG, name: 'comprobante.jpeg', type: 'application/octet-stream' },
        ),
      );
    const res = await photo();
    expect(res.status).toBe(202);
    const { command, created } = (await res.json()) as {
      command: { id: number; payload: { media: { sha256: string } } };
      created: boolean;
    };
    expect(created).toBe(true);
    expect(command.payload).toEqual({
      chatId: chat.waId,
      body: 'Su comprobante',
      quotedMessageId: 'false_56955556666@c.us_3EB0CCCC',
      media: {
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        size: PNG.length,
        mimetype: 'image/png',
        filename: 'comprobante.png',
        asDocument: false,
      },
    });
    const [blob] = await t.sql<{ size: string }[]>`
      select size::text from media_blobs where sha256 = ${command.payload.media.sha256}`;
    expect(blob).toEqual({ size: String(PNG.length) });
    expect(await (await photo()).json()).toMatchObject({ created: false, command: { id: command.id } });
    const other = await send(
      form({ caption: 'Otro texto', idempotencyKey: 'foto-1' }, { bytes: PNG, name: 'a.png' }),
    );
    expect(other.status).toBe(409);
  });

  it('deletes the upload of a send that was never queued, with media retention 0, and keeps a queued one', async () => {
    const queuedFile = Buffer.concat([PNG, Buffer.from('queued')]);
    const refusedFile = Buffer.concat([PNG, Buffer.from('refused')]);
    const first = await send(form({ idempotencyKey: 'once' }, { bytes: queuedFile, name: 'a.png' }));
    expect(first.status).toBe(202);
    // The same key for another file: the file is stored before the command, which is then refused.
    const refused = await send(form({ idempotencyKey: 'once' }, { bytes: refusedFile, name: 'b.png' }));
    expect(refused.status).toBe(409);
    const blobs = async () =>
      (await t.sql<{ size: string }[]>`select size::text from media_blobs order by size`).map((b) =>
        Number(b.size),
      );
    expect(await blobs()).toContain(refusedFile.length);
    // Past the grace an upload has to be queued in (a send on its way still refers to nothing).
    await t.sql`update media_blobs set created_at = now() - interval '2 hours'`;
    expect(await purgeExpiredMedia(t.db, { days: 0 })).toEqual({ purged: 0, blobsDeleted: 1 });
    expect(await blobs()).not.toContain(refusedFile.length);
    expect(await blobs()).toContain(queuedFile.length);
  });

  it('sends documents as documents, and a photo as one when asked', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const res = await send(form({}, { bytes: pdf, name: 'voucher.pdf', type: 'application/pdf' }));
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({
      command: {
        payload: {
          body: '',
          media: { mimetype: 'application/pdf', filename: 'voucher.pdf', asDocument: true },
        },
      },
    });
    const asDoc = await send(form({ asDocument: 'true' }, { bytes: PNG, name: 'plano.png' }));
    expect(await asDoc.json()).toMatchObject({ command: { payload: { media: { asDocument: true } } } });
    const csv = await send(
      form({}, { bytes: Buffer.from('codigo,fecha\nTK1,2026-12-01\n'), name: 'lista.csv' }),
    );
    expect(await csv.json()).toMatchObject({ command: { payload: { media: { mimetype: 'text/csv' } } } });
  });

  it('refuses an empty file with 422', async () => {
    const res = await send(form({ caption: 'x' }, { bytes: new Uint8Array(), name: 'vacio.pdf' }));
    expect(res.status).toBe(422);
    expect((await errorOf(res)).error).toMatchObject({ details: { reason: 'file_empty' } });
  });

  it('refuses a file over MEDIA_MAX_MB with 413 naming the limit', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]);
    const res = await send(form({}, { bytes: big, name: 'grande.png', type: 'image/png' }));
    expect(res.status).toBe(413);
    const { error } = await errorOf(res);
    expect(error.details).toMatchObject({ reason: 'file_too_large', limitBytes: 1024 * 1024 });
    expect(error.message).toMatch(/1 MB/);
  });

  it('refuses types that cannot be sent, by their bytes and not their name (415)', async () => {
    const cases = [
      { bytes: Buffer.from('<!doctype html><script>alert(1)</script>'), name: 'factura.txt' },
      { bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), name: 'logo.png' },
      {
        bytes: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(60).fill(0)]),
        name: 'foto.jpg',
      },
      { bytes: Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff]), name: 'voucher.pdf' },
      { bytes: Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), name: 'datos.bin' },
    ];
    for (const file of cases) {
      const res = await send(form({}, file));
      expect(res.status, file.name).toBe(415);
      expect((await errorOf(res)).error.details, file.name).toMatchObject({
        reason: 'file_type_not_allowed',
      });
    }
  });

  it('needs a file in a multipart send (422) and write access (403 for read keys and viewers)', async () => {
    expect((await send(form({ caption: 'sin archivo' }))).status).toBe(422);
    const png = form({ caption: 'hola' }, { bytes: PNG, name: 'a.png', type: 'image/png' });
    expect((await send(png, read)).status).toBe(403);
    const { cookie } = await createUserWithCookie(t.db, 'viewer');
    const viewer = await call('POST', `${WA}/chats/${chat.id}/messages/`, {
      cookie,
      body: form({}, { bytes: PNG, name: 'a.png' }),
    });
    expect(viewer.status).toBe(403);
    expect((await call('POST', `${WA}/chats/${chat.id}/messages/`, { body: png })).status).toBe(401);
  });

  it('queues a reaction by the message’s serialized id, and its removal', async () => {
    const message = await createMessage(t.db, {
      sessionId: session.id,
      chatId: chat.id,
      serializedId: 'false_56955556666@c.us_3EB0BBBB',
    });
    const react = (emoji: string, key = write) =>
      call('POST', `${WA}/messages/${message.id}/reactions/`, { key, body: { emoji } });
    const thumbs = await react('👍');
    expect(thumbs.status).toBe(202);
    expect(await thumbs.json()).toMatchObject({
      command: {
        kind: 'send_reaction',
        payload: { chatId: chat.waId, messageId: 'false_56955556666@c.us_3EB0BBBB', emoji: '👍' },
      },
    });
    expect(await (await react('')).json()).toMatchObject({ command: { payload: { emoji: '' } } });
    expect((await react('👍🏽')).status).toBe(202);
    expect((await react('ok')).status).toBe(422);
    expect((await react('👍👎')).status).toBe(422);
    expect((await react('👍', read)).status).toBe(403);
    // A retried request with its key queues nothing new; the same key for another emoji is a mistake: 409.
    const keyed = (emoji: string) =>
      call('POST', `${WA}/messages/${message.id}/reactions/`, {
        key: write,
        body: { emoji, idempotencyKey: 'react-once' },
      });
    const first = (await (await keyed('🎉')).json()) as { command: { id: number } };
    expect(((await (await keyed('🎉')).json()) as { command: { id: number } }).command.id).toBe(
      first.command.id,
    );
    const reused = await keyed('❤️');
    expect(reused.status).toBe(409);
    expect(await reused.json()).toMatchObject({ error: { details: { reason: 'idempotency_key_reused' } } });
    expect(
      (await call('POST', `${WA}/messages/999999/reactions/`, { key: write, body: { emoji: '👍' } })).status,
    ).toBe(404);
  });

  it('does not react to system events or to messages deleted for everyone', async () => {
    const system = await createMessage(t.db, {
      sessionId: session.id,
      chatId: chat.id,
      type: 'e2e_notification',
      system: true,
    });
    const revoked = await createMessage(t.db, {
      sessionId: session.id,
      chatId: chat.id,
      revokedAt: new Date(),
    });
    for (const m of [system, revoked]) {
      const res = await call('POST', `${WA}/messages/${m.id}/reactions/`, {
        key: write,
        body: { emoji: '👍' },
      });
      expect(res.status).toBe(422);
    }
  });
});
