/**
 * Plain data shapes of WhatsApp objects, as the worker's drivers and the inbound webhook produce them. The
 * ingest path (lib/whatsapp/ingest.ts) accepts only these.
 */

export interface MessageDto {
  /** `id.id`: stable whether WhatsApp addressed the chat as `@c.us` or `@lid`. */
  protocolId: string;
  fromMe: boolean;
  /** `id._serialized`, kept as data: it differs between the `@lid` and `@c.us` forms of one message. */
  serializedId: string;
  /** The chat: for incoming messages `from`, for our own messages `to` (`id.remote`). */
  chatId: string;
  /** Who wrote it: the author inside a group, else the sender; our own wid for our messages when known. */
  senderWid: string | null;
  body: string;
  type: string;
  /** Unix seconds. */
  timestamp: number;
  ack: number;
  hasMedia: boolean;
  isForwarded: boolean;
  isStatus: boolean;
  quotedProtocolId: string | null;
  /** Metadata WhatsApp sends with every media message, before (and without) any download. */
  media?: MediaMetaDto | null;
  /** `location` messages: their `body` is a base64 JPEG thumbnail, so the place lives here instead. */
  location?: LocationDto | null;
  /** `vcard` / `multi_vcard`: each card as a name and its numbers (the raw vCard text is not kept). */
  vcards?: VcardDto[] | null;
  /** The sender really edited it (`latestEditSenderTimestampMs`), as opposed to any other body change. */
  edited?: boolean;
  /** `poll_creation`: the question (also the body) and its options. */
  poll?: PollDto | null;
}

export interface PollDto {
  name: string;
  options: string[];
  allowMultiple: boolean;
}

/** A reaction on a message (`message_reaction`): one per sender, the latest wins, `''` removes it. */
export interface ReactionDto {
  chatId: string;
  messageProtocolId: string;
  messageFromMe: boolean;
  senderWid: string;
  fromMe: boolean;
  emoji: string;
  /** Unix seconds. */
  timestamp: number;
}

export interface MediaMetaDto {
  mimetype: string | null;
  /** Bytes. */
  size: number | null;
  filehash: string | null;
  filename: string | null;
  /** Seconds (audio, voice notes, video). */
  duration: number | null;
  width: number | null;
  height: number | null;
  /** The base64 JPEG preview WhatsApp sends for images, videos and stickers (no `data:` prefix). */
  thumbnail?: string | null;
}

export interface LocationDto {
  latitude: number;
  longitude: number;
  name: string | null;
  address: string | null;
}

export interface VcardDto {
  name: string | null;
  numbers: string[];
}

export interface ParticipantDto {
  wid: string;
  isAdmin: boolean;
  isSuperAdmin: boolean;
}

export interface ChatDto {
  id: string;
  name: string | null;
  isGroup: boolean;
  unreadCount: number;
  archived: boolean;
  readOnly: boolean;
  muted: boolean;
  pinned: boolean;
  /** WhatsApp's last-activity time, unix seconds; null when unknown. */
  timestamp: number | null;
  /**
   * Protocol id of WhatsApp's newest message in the chat. A catch-up compares it with what is stored: a
   * timestamp alone misses a message that arrived in the same second as the last one we have.
   */
  lastMessageId: string | null;
  /** Groups only (null for individual chats). */
  participants: ParticipantDto[] | null;
  description: string | null;
  ownerWid: string | null;
}

export interface ContactDto {
  /** Serialized id as the library gives it (`…@c.us` or `…@lid`). */
  id: string;
  /** Phone number (digits) when WhatsApp exposes it. */
  number: string | null;
  /** The `@lid` alias of this contact when known. */
  lid: string | null;
  name: string | null;
  pushName: string | null;
  isBusiness: boolean;
  isMyContact: boolean;
  isGroup: boolean;
}

export interface MeDto {
  wid: string;
  phone: string | null;
  pushName: string | null;
}
