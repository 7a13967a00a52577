import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What the phone holds for a media message: given bytes, or a size to fill with generated content. */
export interface FakeMediaSpec {
  mimetype: string;
  filename: string | null;
  /** Bytes, base64. */
  data?: string;
  /** Bytes to generate (deterministic per message, unique per message). */
  size?: number;
}

/** A real 8×8 blue-grey JPEG: the preview WhatsApp puts in an image's, video's or sticker's body. */
export const FAKE_THUMBNAIL =
  '/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAABP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AKQDB3//2Q==';

/** Leading bytes that make generated content look like its type to a sniffer (file-type). */
const MAGIC: Record<string, Buffer> = {
  'image/jpeg': Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'),
  'image/png': Buffer.from('89504e470d0a1a0a', 'hex'),
  'image/webp': Buffer.concat([Buffer.from('RIFF'), Buffer.from('00000000', 'hex'), Buffer.from('WEBPVP8 ')]),
  'application/pdf': Buffer.from('%PDF-1.4\n'),
  'video/mp4': Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'),
};

/**
 * The fake phone's media files, on disk next to its history (`DATA_DIR/fake-wa/media/`), so a download after a
 * worker restart still finds them. Generated content is made on each download, never kept.
 */
export class FakeMediaFiles {
  private readonly dir: string;

  constructor(worldDir: string) {
    this.dir = path.join(worldDir, 'media');
    mkdirSync(this.dir, { recursive: true });
  }

  /** Keeps the spec and answers the metadata WhatsApp would send: size and filehash (base64 SHA-256). */
  add(protocolId: string, spec: FakeMediaSpec): { size: number; filehash: string } {
    const bytes = contentOf(protocolId, spec);
    const { data: _, ...meta } = spec;
    writeFileSync(path.join(this.dir, `${protocolId}.json`), JSON.stringify({ ...meta, size: bytes.length }));
    if (spec.data !== undefined) writeFileSync(path.join(this.dir, `${protocolId}.bin`), bytes);
    return { size: bytes.length, filehash: createHash('sha256').update(bytes).digest('base64') };
  }

  /** The file as the library hands it over (one base64 string), or undefined when the phone has none. */
  read(protocolId: string): { mimetype: string; data: string; filename: string | null } | undefined {
    const metaFile = path.join(this.dir, `${protocolId}.json`);
    if (!existsSync(metaFile)) return undefined;
    const spec = JSON.parse(readFileSync(metaFile, 'utf8')) as FakeMediaSpec;
    const bin = path.join(this.dir, `${protocolId}.bin`);
    const bytes = existsSync(bin) ? readFileSync(bin) : contentOf(protocolId, spec);
    return { mimetype: spec.mimetype, data: bytes.toString('base64'), filename: spec.filename };
  }
}

function contentOf(protocolId: string, spec: FakeMediaSpec): Buffer {
  if (spec.data !== undefined) return Buffer.from(spec.data, 'base64');
  const bytes = Buffer.allocUnsafe(spec.size ?? 0);
  // A pattern seeded by the message id: unique per message (no accidental deduplication), cheap to make.
  bytes.fill(createHash('sha256').update(protocolId).digest());
  const magic = MAGIC[spec.mimetype.split(';')[0]!.trim()];
  if (magic && bytes.length >= magic.length) magic.copy(bytes);
  return bytes;
}
