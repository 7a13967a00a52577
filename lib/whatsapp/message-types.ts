/**
 * Which WhatsApp message types are conversation (something a person wrote or sent) and which are system events
 * (`message_create` also fires for encryption notices, call logs, group notifications, undecrypted
 * placeholders…). The one list every part of the product asks: ingest (unread counts, processing), the history
 * view, webhooks and code scanning all follow it. Types come from whatsapp-web.js `MessageTypes` (Constants.js).
 */
export const CONVERSATION_TYPES = [
  'chat',
  'image',
  'video',
  'audio',
  'ptt',
  'ptv',
  'document',
  'sticker',
  'album',
  'location',
  'vcard',
  'multi_vcard',
  'revoked',
  'order',
  'product',
  'groups_v4_invite',
  'list',
  'list_response',
  'buttons_response',
  'template_button_reply',
  'interactive',
  'poll_creation',
  'scheduled_event_creation',
] as const;

/** Types whose payload is a file WhatsApp can download: their `body` is a thumbnail or file name, never text. */
export const MEDIA_TYPES = ['image', 'video', 'audio', 'ptt', 'ptv', 'document', 'sticker'] as const;

const conversation = new Set<string>(CONVERSATION_TYPES);
const media = new Set<string>(MEDIA_TYPES);

/**
 * Everything not on the list (`e2e_notification`, `notification_template`, `call_log`, `gp2`, `ciphertext`,
 * `protocol`, unknown future types) is a system event: stored and shown small, never counted as unread, never
 * sent to webhooks, never scanned for codes. Unknown types default to system on purpose: a new notification kind
 * must not reach customers' integrations as a message.
 */
export function isConversationType(type: string): boolean {
  return conversation.has(type);
}

export function isMediaType(type: string): boolean {
  return media.has(type);
}
