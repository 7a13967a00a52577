import type { Messages } from '@/lib/i18n/messages/es';

/** How a message is drawn and previewed, from its WhatsApp type. */
export type MessageKind =
  | 'text'
  | 'image'
  | 'sticker'
  | 'video'
  | 'audio'
  | 'ptt'
  | 'document'
  | 'location'
  | 'contact'
  | 'poll';

export function kindOf(type: string): MessageKind {
  switch (type) {
    case 'image':
    case 'sticker':
    case 'video':
    case 'audio':
    case 'ptt':
    case 'document':
    case 'location':
    case 'poll':
      return type;
    case 'ptv':
      return 'video';
    case 'vcard':
    case 'multi_vcard':
      return 'contact';
    case 'poll_creation':
      return 'poll';
    default:
      return 'text';
  }
}

/** 0:12, 3:05, 1:02:03 — how WhatsApp writes a voice note's length. */
export function formatDuration(seconds: number | null | undefined): string {
  const total = Math.max(0, Math.round(seconds ?? 0));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** 820 B, 14 KB, 1,2 MB in the reader's number format. */
export function formatSize(bytes: number | null | undefined, locale: string): string {
  if (bytes === null || bytes === undefined) return '';
  const number = new Intl.NumberFormat(locale === 'es' ? 'es-CL' : 'en', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${number.format(Math.round(bytes / 1024))} KB`;
  return `${number.format(bytes / 1024 / 1024)} MB`;
}

interface PreviewInput {
  type: string;
  body: string;
  media?: { filename?: string | null; duration?: number | null } | null;
  poll?: { name: string } | null;
}

/**
 * One line naming a message's kind, as WhatsApp previews it: "📷 Foto", "🎤 Nota de voz 0:12",
 * "📄 voucher.pdf". THE place a message is summarised: the chat list and quoted replies use it.
 */
export function previewLine(m: PreviewInput, labels: Messages['chats']['kinds']): string {
  const caption = m.body.trim();
  switch (kindOf(m.type)) {
    case 'image':
      return `📷 ${caption || labels.photo}`;
    case 'sticker':
      return `💟 ${labels.sticker}`;
    case 'video':
      return `🎥 ${caption || labels.video}`;
    case 'ptt':
      return `🎤 ${labels.voiceNote} ${formatDuration(m.media?.duration)}`;
    case 'audio':
      return `🎵 ${labels.audio} ${formatDuration(m.media?.duration)}`;
    case 'document':
      return `📄 ${m.media?.filename || caption || labels.document}`;
    case 'location':
      return `📍 ${caption.split('\n')[0] || labels.location}`;
    case 'contact':
      return `👤 ${caption || labels.contact}`;
    case 'poll':
      return `📊 ${m.poll?.name || caption || labels.poll}`;
    default:
      return caption;
  }
}
