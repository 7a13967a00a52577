import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config';
import { mediaStore, type StorageConfig } from '../lib/media/store';
import { createTestDb, type TestDb } from './support/db';
import { freePort } from './support/processes';

/** A real 1×1 PNG, padded past the range read below. */
const PNG = Buffer.concat([
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  ),
  randomBytes(2000),
]);

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

let t: TestDb;
let s3: S3rver;
let s3Dir: string;
let s3Config: StorageConfig;
beforeAll(async () => {
  t = await createTestDb();
  s3Dir = mkdtempSync(path.join(tmpdir(), 'tuki-s3-'));
  const port = await freePort();
  s3 = new S3rver({
    port,
    address: '127.0.0.1',
    silent: true,
    directory: s3Dir,
    configureBuckets: [{ name: 'tuki-media', configs: [] }],
  });
  await s3.run();
  s3Config = loadConfig({
    MEDIA_STORAGE: 's3',
    S3_BUCKET: 'tuki-media',
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: '1',
  });
});
afterAll(async () => {
  await s3?.close();
  rmSync(s3Dir, { recursive: true, force: true });
  await t.drop();
});

const adapters = () =>
  [
    ['postgres', loadConfig({})],
    ['s3', s3Config],
  ] as const;

describe.each(['postgres', 's3'] as const)('media store on %s', (name) => {
  const store = () => mediaStore(t.db, adapters().find(([n]) => n === name)![1]);

  it('stores a file once by its SHA-256 and gives the same bytes back, whole and by range', async () => {
    const bytes = Buffer.concat([PNG, Buffer.from(name)]);
    const first = await store().put(bytes, { mimetype: 'image/png' });
    const again = await store().put(bytes, { mimetype: 'image/png' });
    expect(again).toEqual(first);
    expect(first.size).toBe(bytes.length);
    expect(first.mimetype).toBe('image/png');
    const [count] = await t.sql<{ n: number; storage: string }[]>`
      select count(*)::int as n, min(storage) as storage from media_blobs where sha256 = ${first.sha256}`;
    expect(count).toEqual({ n: 1, storage: name });

    const whole = await store().get(first.sha256);
    expect(whole?.size).toBe(bytes.length);
    expect((await readAll(whole!.stream)).equals(bytes)).toBe(true);
    const part = await store().get(first.sha256, { start: 100, end: 1099 });
    expect(part?.size).toBe(bytes.length);
    expect((await readAll(part!.stream)).equals(bytes.subarray(100, 1100))).toBe(true);
  });

  it('does not believe an image claim the bytes do not bear out', async () => {
    const html = Buffer.from(`<html><script>alert(1)</script>${name}</html>`);
    const put = await store().put(html, { mimetype: 'image/png' });
    expect(put.mimetype).toBe('application/octet-stream');
    const text = await store().put(Buffer.from(`plain ${name}`), { mimetype: 'text/plain; charset=utf-8' });
    expect(text.mimetype).toBe('text/plain');
    // A claim that could not be a Content-Type header (a sender's client put junk there) is not kept.
    const junk = await store().put(Buffer.from(`odd ${name}`), { mimetype: 'text/plain\r\nX-Evil: 1' });
    expect(junk.mimetype).toBe('application/octet-stream');
    expect(() => new Headers({ 'content-type': junk.mimetype })).not.toThrow();
  });

  it('deletes bytes and metadata; an unknown file is null', async () => {
    const put = await store().put(randomBytes(5000), { mimetype: 'application/pdf' });
    await store().delete(put.sha256);
    expect(await store().get(put.sha256)).toBeNull();
    const [row] = await t.sql`select 1 from media_blobs where sha256 = ${put.sha256}`;
    expect(row).toBeUndefined();
  });
});

it('keeps files readable from the adapter they were stored in after MEDIA_STORAGE changes', async () => {
  const bytes = randomBytes(3000);
  const put = await mediaStore(t.db, s3Config).put(bytes, { mimetype: 'application/zip' });
  const switched = mediaStore(t.db, { ...s3Config, MEDIA_STORAGE: 'postgres' });
  expect((await readAll((await switched.get(put.sha256))!.stream)).equals(bytes)).toBe(true);
  const fresh = await switched.put(randomBytes(100), { mimetype: 'application/zip' });
  const [row] = await t.sql`select storage from media_blobs where sha256 = ${fresh.sha256}`;
  expect(row?.storage).toBe('postgres');
});

it('reads a large PostgreSQL file a piece at a time', async () => {
  const bytes = randomBytes(3 * 1024 * 1024 + 17);
  const put = await mediaStore(t.db, loadConfig({})).put(bytes, { mimetype: 'video/mp4' });
  const read = await mediaStore(t.db, loadConfig({})).get(put.sha256);
  const pieces: number[] = [];
  for await (const chunk of read!.stream) pieces.push((chunk as Buffer).length);
  expect(pieces.length).toBeGreaterThan(3);
  expect(pieces.reduce((a, b) => a + b, 0)).toBe(bytes.length);
});
