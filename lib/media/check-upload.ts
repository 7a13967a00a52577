import { fileTypeFromBuffer } from 'file-type';
import { Invalid, TooLarge, UnsupportedType } from '../errors';
import { SENDABLE_TYPES } from './send-types';

/** The old Office formats are one container (CFB); which one it is, only the name says. */
const CFB_BY_EXT: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

/** Text that a browser would render as a page or a script: never sent as a "text file". */
const MARKUP = /<\s*(!doctype|html|script|svg|iframe|body|\?xml)/i;

export interface CheckedUpload {
  mimetype: string;
  filename: string;
  kind: 'image' | 'video' | 'audio' | 'document';
}

/**
 * A file someone wants to send, checked by its bytes: not empty, within `maxBytes`, and of a type on the
 * sendable list as `file-type` sniffs it. Plain text has no signature, so a .txt/.csv passes only as valid
 * UTF-8 without markup. The name is cut down to a safe base name with the sniffed type's extension.
 */
export async function checkUpload(
  bytes: Uint8Array,
  input: { filename: string; maxBytes: number },
): Promise<CheckedUpload> {
  if (bytes.byteLength === 0) throw new Invalid('The file is empty.', { reason: 'file_empty' });
  if (bytes.byteLength > input.maxBytes)
    throw new TooLarge(
      `The file is ${mb(bytes.byteLength)} MB; the most that can be sent is ${mb(input.maxBytes)} MB (MEDIA_MAX_MB).`,
      { reason: 'file_too_large', limitBytes: input.maxBytes, size: bytes.byteLength },
    );
  const ext = input.filename.split('.').pop()?.toLowerCase() ?? '';
  const sniffed = await fileTypeFromBuffer(bytes);
  let mimetype = sniffed?.mime as string | undefined;
  if (mimetype === 'application/x-cfb') mimetype = CFB_BY_EXT[ext];
  if (mimetype === 'audio/x-wav' || mimetype === 'audio/vnd.wave') mimetype = 'audio/wav';
  if (!sniffed && (ext === 'txt' || ext === 'csv') && isPlainText(bytes))
    mimetype = ext === 'csv' ? 'text/csv' : 'text/plain';
  const type = mimetype ? SENDABLE_TYPES[mimetype] : undefined;
  if (!mimetype || !type)
    throw new UnsupportedType(
      sniffed
        ? `Files of type ${sniffed.mime} cannot be sent.`
        : 'The type of this file could not be recognised; it cannot be sent.',
      { reason: 'file_type_not_allowed', detected: sniffed?.mime ?? null },
    );
  return { mimetype, filename: safeFilename(input.filename, type.ext), kind: type.kind };
}

const mb = (bytes: number) => Number((bytes / 1024 / 1024).toFixed(1));

function isPlainText(bytes: Uint8Array): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return !text.includes('\u0000') && !MARKUP.test(text.slice(0, 4096));
  } catch {
    return false;
  }
}

/** A base name WhatsApp and every OS accept, ending in the extension of what the file really is. */
export function safeFilename(name: string, ext: string): string {
  const base =
    name
      .split(/[\\/]/)
      .pop()
      ?.replace(/[\p{Cc}"<>:|?*]/gu, '')
      .trim()
      .replace(/^\.+/, '') ?? '';
  const stem = base.replace(/\.[^.]*$/, '').slice(0, 200) || 'archivo';
  return `${stem}.${ext}`;
}
