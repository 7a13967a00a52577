/**
 * What our number may send, by the type sniffed from the bytes (never the name or the browser's claim).
 * Shared by the dashboard (a first check before uploading) and the API (the real check). Anything else —
 * executables, HTML, SVG, scripts, archives WhatsApp itself refuses — is turned away.
 */
export const SENDABLE_TYPES: Record<string, { kind: 'image' | 'video' | 'audio' | 'document'; ext: string }> =
  {
    'image/jpeg': { kind: 'image', ext: 'jpg' },
    'image/png': { kind: 'image', ext: 'png' },
    'image/webp': { kind: 'image', ext: 'webp' },
    'image/gif': { kind: 'image', ext: 'gif' },
    'video/mp4': { kind: 'video', ext: 'mp4' },
    'video/3gpp': { kind: 'video', ext: '3gp' },
    'video/quicktime': { kind: 'video', ext: 'mov' },
    'audio/mpeg': { kind: 'audio', ext: 'mp3' },
    'audio/ogg': { kind: 'audio', ext: 'ogg' },
    'audio/opus': { kind: 'audio', ext: 'opus' },
    'audio/mp4': { kind: 'audio', ext: 'm4a' },
    'audio/x-m4a': { kind: 'audio', ext: 'm4a' },
    'audio/aac': { kind: 'audio', ext: 'aac' },
    'audio/amr': { kind: 'audio', ext: 'amr' },
    'audio/wav': { kind: 'document', ext: 'wav' },
    'application/pdf': { kind: 'document', ext: 'pdf' },
    'application/msword': { kind: 'document', ext: 'doc' },
    'application/vnd.ms-excel': { kind: 'document', ext: 'xls' },
    'application/vnd.ms-powerpoint': { kind: 'document', ext: 'ppt' },
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
      kind: 'document',
      ext: 'docx',
    },
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { kind: 'document', ext: 'xlsx' },
    'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
      kind: 'document',
      ext: 'pptx',
    },
    'application/vnd.oasis.opendocument.text': { kind: 'document', ext: 'odt' },
    'application/vnd.oasis.opendocument.spreadsheet': { kind: 'document', ext: 'ods' },
    'application/rtf': { kind: 'document', ext: 'rtf' },
    'application/zip': { kind: 'document', ext: 'zip' },
    'text/plain': { kind: 'document', ext: 'txt' },
    'text/csv': { kind: 'document', ext: 'csv' },
  };

/** The `accept` of the file picker: the types above, plus the extensions browsers do not map reliably. */
export const SENDABLE_ACCEPT = [
  ...Object.keys(SENDABLE_TYPES),
  ...new Set(Object.values(SENDABLE_TYPES).map((t) => `.${t.ext}`)),
].join(',');

/** Why the dashboard refuses a file before uploading it (the API checks the bytes again). */
export function precheckFile(
  file: { size: number; type: string; name: string },
  maxBytes: number,
): 'empty' | 'too_large' | 'type' | null {
  if (file.size === 0) return 'empty';
  if (file.size > maxBytes) return 'too_large';
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  const known =
    (file.type && Object.hasOwn(SENDABLE_TYPES, file.type)) ||
    Object.values(SENDABLE_TYPES).some((t) => t.ext === ext) ||
    ext === 'jpeg';
  return known ? null : 'type';
}
