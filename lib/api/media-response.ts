import { Readable } from 'node:stream';
import type { MediaStore } from '../media/store';

/** Served inline: images, audio and video, except SVG (a document that can run script). */
const INLINE = /^(image\/(?!svg)[\w.+-]+|audio\/[\w.+-]+|video\/[\w.+-]+)$/;

/** `bytes=a-b`, `bytes=a-`, `bytes=-n`: one range (several are answered whole, as RFC 9110 allows). */
export function parseRange(
  header: string | null,
  size: number,
): { start: number; end: number } | 'invalid' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return header.includes(',') ? null : 'invalid';
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return 'invalid';
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'invalid';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return 'invalid';
  return { start, end };
}

const extensionOf = (mimetype: string) => {
  const sub = mimetype.split('/')[1]?.split(';')[0]?.split('+')[0] ?? 'bin';
  return sub === 'octet-stream' ? 'bin' : sub === 'jpeg' ? 'jpg' : sub;
};

/** `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback and the real name. */
function disposition(kind: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * The answer of the media route: the bytes with the type they really are (sniffed when stored), never sniffed
 * again by the browser, inline only for images, audio and video (SVG and HTML always as attachments, and
 * sandboxed even then), and ranges for players that seek.
 */
export async function mediaResponse(
  store: MediaStore,
  media: { sha256: string; size: number; mimetype: string; filename: string | null; type: string },
  request: { range: string | null; download: boolean; messageId: number },
): Promise<Response> {
  const filename = media.filename ?? `${media.type}-${request.messageId}.${extensionOf(media.mimetype)}`;
  const inline = INLINE.test(media.mimetype) && !request.download;
  const headers: Record<string, string> = {
    'Content-Type': media.mimetype,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Content-Disposition': disposition(inline ? 'inline' : 'attachment', filename),
    'Accept-Ranges': 'bytes',
    // The bytes behind an id never change (content-addressed), but only signed-in users may see them.
    'Cache-Control': 'private, max-age=86400',
    ETag: `"${media.sha256}"`,
  };
  const range = parseRange(request.range, media.size);
  if (range === 'invalid') {
    return new Response(null, {
      status: 416,
      headers: { ...headers, 'Content-Range': `bytes */${media.size}` },
    });
  }
  const found = await store.get(media.sha256, range ?? undefined);
  if (!found) return new Response(null, { status: 404, headers });
  const body = Readable.toWeb(found.stream) as ReadableStream<Uint8Array>;
  if (!range)
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Length': String(media.size) } });
  return new Response(body, {
    status: 206,
    headers: {
      ...headers,
      'Content-Length': String(range.end - range.start + 1),
      'Content-Range': `bytes ${range.start}-${range.end}/${media.size}`,
    },
  });
}
