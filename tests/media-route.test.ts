import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueCommand } from '../lib/commands/enqueue';
import { mediaDownloads } from '../lib/db/schema';
import { knownBlob } from '../lib/media/downloads';
import { purgeExpiredMedia } from '../lib/media/retention';
import { mediaStore } from '../lib/media/store';
import { call, createKey, createUserWithCookie, errorOf, useTestDbForRoutes } from './support/api';
import { createTestDb, type TestDb } from './support/db';
import { createChat, createMessage, createSession } from './support/factories';

const PNG = Buffer.concat([
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  ),
  randomBytes(3000),
]);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(2000)]);

let t: TestDb;
let viewer: string;
let superadmin: string;
let readKey: string;
let writeKey: string;
let session: { id: number };
let chat: { id: number; waId: string };

beforeAll(async () => {
  t = await createTestDb();
  useTestDbForRoutes(t);
  viewer = (await createUserWithCookie(t.db, 'viewer')).cookie;
  superadmin = (await createUserWithCookie(t.db, 'superadmin')).cookie;
  readKey = (await createKey(t.db, 'read')).key;
  writeKey = (await createKey(t.db, 'write')).key;
  session = await createSession(t.db);
  chat = await createChat(t.db, { sessionId: session.id });
});
afterAll(() => t.drop());

/** A received message whose file is stored (or in another state, without bytes). */
async function mediaMessage(
  bytes: Buffer | null,
  meta: { type: string; mimetype: string; filename?: string },
  state: 'stored' | 'failed' | 'too_large' | 'pending' = 'stored',
) {
  const message = await createMessage(t.db, {
    sessionId: session.id,
    chatId: chat.id,
    type: meta.type,
    hasMedia: true,
    body: '',
    mediaMimetype: meta.mimetype,
    mediaFilename: meta.filename ?? null,
    mediaSize: bytes?.length ?? 50 * 1024 * 1024,
  });
  const put = bytes ? await mediaStore(t.db).put(bytes, { mimetype: meta.mimetype }) : null;
  await t.db.insert(mediaDownloads).values({
    messageId: message.id,
    sessionId: session.id,
    state,
    sha256: put?.sha256 ?? null,
    attempts: state === 'failed' ? 5 : 0,
    error: state === 'failed' ? 'Evaluation failed: boom' : null,
  });
  return message.id;
}

const url = (id: number) => `/api/v1/whatsapp/messages/${id}/media/`;

describe('GET /api/v1/whatsapp/messages/{id}/media/', () => {
  it('serves an image inline to any signed-in user and read key, with its sniffed type and nosniff', async () => {
    const id = await mediaMessage(PNG, { type: 'image', mimetype: 'image/png' });
    for (const auth of [{ cookie: viewer }, { key: readKey }]) {
      const res = await call('GET', url(id), auth);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="image-\d+\.png"/);
      expect(res.headers.get('accept-ranges')).toBe('bytes');
      expect(res.headers.get('content-length')).toBe(String(PNG.length));
      expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    }
  });

  it('refuses anonymous callers', async () => {
    const id = await mediaMessage(PNG, { type: 'image', mimetype: 'image/png' });
    const res = await call('GET', url(id));
    expect(res.status).toBe(401);
    await errorOf(res);
  });

  it('answers a Range with 206 and exactly those bytes; a range outside the file with 416', async () => {
    const audio = Buffer.concat([Buffer.from('OggS'), randomBytes(5000)]);
    const id = await mediaMessage(audio, { type: 'ptt', mimetype: 'audio/ogg' });
    const res = await call('GET', url(id), { cookie: viewer, headers: { range: 'bytes=100-199' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 100-199/${audio.length}`);
    expect(res.headers.get('content-length')).toBe('100');
    expect(Buffer.from(await res.arrayBuffer()).equals(audio.subarray(100, 200))).toBe(true);
    const tail = await call('GET', url(id), { cookie: viewer, headers: { range: 'bytes=-10' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(audio.subarray(-10))).toBe(true);
    const outside = await call('GET', url(id), {
      cookie: viewer,
      headers: { range: `bytes=${audio.length}-` },
    });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${audio.length}`);
  });

  it('sends documents as attachments with their name, and never SVG or HTML inline', async () => {
    const pdf = await mediaMessage(PDF, {
      type: 'document',
      mimetype: 'application/pdf',
      filename: 'voucher ñ.pdf',
    });
    const res = await call('GET', url(pdf), { key: readKey });
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="voucher _.pdf"; filename*=UTF-8''voucher%20%C3%B1.pdf`,
    );
    const svg = await mediaMessage(SVG, { type: 'document', mimetype: 'image/svg+xml', filename: 'x.svg' });
    const svgRes = await call('GET', url(svg), { key: readKey });
    expect(svgRes.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(svgRes.headers.get('content-type')).not.toMatch(/^image\/svg/);
    const html = await mediaMessage(Buffer.from('<html><script>alert(1)</script></html>'), {
      type: 'image',
      mimetype: 'image/jpeg',
    });
    const htmlRes = await call('GET', url(html), { key: readKey });
    expect(htmlRes.headers.get('content-type')).toBe('application/octet-stream');
    expect(htmlRes.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(htmlRes.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('forces an attachment with ?download=1', async () => {
    const id = await mediaMessage(Buffer.concat([PNG, Buffer.from('dl')]), {
      type: 'image',
      mimetype: 'image/png',
    });
    const res = await call('GET', `${url(id)}?download=1`, { cookie: viewer });
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="image-\d+\.png"/);
  });

  it('is 404 for a file not stored (yet) and for an unknown message', async () => {
    const pending = await mediaMessage(null, { type: 'video', mimetype: 'video/mp4' }, 'pending');
    expect((await call('GET', url(pending), { cookie: viewer })).status).toBe(404);
    expect((await call('GET', url(999_999), { cookie: viewer })).status).toBe(404);
  });
});

describe('POST /api/v1/whatsapp/messages/{id}/media/download/', () => {
  it('lets a superadmin retry a failed download and download a too-large one anyway', async () => {
    const failed = await mediaMessage(null, { type: 'image', mimetype: 'image/jpeg' }, 'failed');
    const res = await call('POST', `${url(failed)}download/`, { cookie: superadmin });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ messageId: failed, state: 'pending' });
    const [row] =
      await t.sql`select state, attempts, error from media_downloads where message_id = ${failed}`;
    expect(row).toMatchObject({ state: 'pending', attempts: 0, error: null });

    const large = await mediaMessage(null, { type: 'video', mimetype: 'video/mp4' }, 'too_large');
    const again = await call('POST', `${url(large)}download/`, { key: writeKey });
    expect(await again.json()).toEqual({ messageId: large, state: 'pending' });
    const [big] = await t.sql`select ignore_limit from media_downloads where message_id = ${large}`;
    expect(big?.ignore_limit).toBe(true);
  });

  it('leaves a stored file as it is, and refuses viewers and read keys', async () => {
    const stored = await mediaMessage(Buffer.concat([PNG, Buffer.from('st')]), {
      type: 'image',
      mimetype: 'image/png',
    });
    const res = await call('POST', `${url(stored)}download/`, { cookie: superadmin });
    expect(await res.json()).toEqual({ messageId: stored, state: 'stored' });
    expect((await call('POST', `${url(stored)}download/`, { cookie: viewer })).status).toBe(403);
    expect((await call('POST', `${url(stored)}download/`, { key: readKey })).status).toBe(403);
  });
});

describe('MEDIA_RETENTION_DAYS', () => {
  it('deletes the bytes of old media, keeps their metadata, and keeps a file a recent message still shows', async () => {
    const old = Buffer.concat([PNG, Buffer.from('old')]);
    const shared = Buffer.concat([PNG, Buffer.from('shared')]);
    const oldId = await mediaMessage(old, { type: 'image', mimetype: 'image/png' });
    const sharedOld = await mediaMessage(shared, { type: 'image', mimetype: 'image/png' });
    const sharedRecent = await mediaMessage(shared, { type: 'image', mimetype: 'image/png' });
    await t.sql`update whatsapp_messages set timestamp = now() - interval '40 days' where id in (${oldId}, ${sharedOld})`;
    await t.sql`update media_blobs set created_at = now() - interval '40 days'`;

    const result = await purgeExpiredMedia(t.db, { days: 30 });
    expect(result.purged).toBe(2);
    const states = await t.sql<{ message_id: number; state: string }[]>`
      select message_id::int8 as message_id, state from media_downloads
      where message_id in (${oldId}, ${sharedOld}, ${sharedRecent}) order by message_id`;
    expect(states.map((s) => s.state)).toEqual(['purged', 'purged', 'stored']);
    expect((await call('GET', url(oldId), { cookie: viewer })).status).toBe(404);
    expect((await call('GET', url(sharedRecent), { cookie: viewer })).status).toBe(200);
    const [meta] = await t.sql`select media_mimetype, media_size from whatsapp_messages where id = ${oldId}`;
    expect(meta).toEqual({ media_mimetype: 'image/png', media_size: String(old.length) });
    expect(await purgeExpiredMedia(t.db, { days: 0 })).toEqual({ purged: 0, blobsDeleted: 0 });
  });

  it('a file stored again, or recognised by its hash on a new message, counts as new: the sweep keeps it', async () => {
    const bytes = Buffer.concat([PNG, Buffer.from('again')]);
    const { sha256 } = await mediaStore(t.db).put(bytes, { mimetype: 'image/png' });
    const age = () =>
      t.sql`update media_blobs set created_at = now() - interval '40 days' where sha256 = ${sha256}`;
    // Nothing refers to it yet: an upload on its way to a send, or WhatsApp's filehash of a new message.
    await age();
    await mediaStore(t.db).put(bytes, { mimetype: 'image/png' });
    await purgeExpiredMedia(t.db, { days: 0 });
    expect(await mediaStore(t.db).get(sha256)).not.toBeNull();
    await age();
    expect(await knownBlob(t.sql, sha256)).toBe(true);
    await purgeExpiredMedia(t.db, { days: 30 });
    expect(await mediaStore(t.db).get(sha256)).not.toBeNull();
    await age();
    await purgeExpiredMedia(t.db, { days: 30 });
    expect(await mediaStore(t.db).get(sha256)).toBeNull();
  });

  it('keeps an old file that a queued send is about to use (the upload was stored once, under it)', async () => {
    const bytes = Buffer.concat([PNG, Buffer.from('resent')]);
    const id = await mediaMessage(bytes, { type: 'image', mimetype: 'image/png' });
    await t.sql`update whatsapp_messages set timestamp = now() - interval '40 days' where id = ${id}`;
    const { sha256 } = await mediaStore(t.db).put(bytes, { mimetype: 'image/png' });
    await t.sql`update media_blobs set created_at = now() - interval '40 days' where sha256 = ${sha256}`;
    await enqueueCommand(t.db, {
      sessionId: session.id,
      kind: 'send_message',
      payload: {
        chatId: chat.waId,
        body: 'De nuevo',
        media: { sha256, mimetype: 'image/png', filename: 'foto.png', size: bytes.length },
      },
    });
    await purgeExpiredMedia(t.db, { days: 30 });
    expect(await mediaStore(t.db).get(sha256)).not.toBeNull();
  });
});
