import type { Chat, Contact, GroupChat, Message, Reaction } from 'whatsapp-web.js';
import { locationText } from '../../../lib/whatsapp/message-content';
import { isMediaType } from '../../../lib/whatsapp/message-types';
import { parseVcard } from '../../../lib/whatsapp/vcard';
import type { ChatDto, ContactDto, MessageDto, ReactionDto } from '../port';

/**
 * Pure mappers from whatsapp-web.js objects to our DTOs. Contract-tested by feeding recorded raw WhatsApp Web
 * data through the library's own classes (tests/webjs-mapping.test.ts).
 */

/** Ids arrive as `string` or as `{ _serialized }` (or `{ user, server }` only) depending on the path. */
export function serialized(id: unknown): string | null {
  if (typeof id === 'string') return id || null;
  if (!id || typeof id !== 'object') return null;
  const wid = id as { _serialized?: unknown; user?: unknown; server?: unknown };
  if (typeof wid._serialized === 'string') return wid._serialized;
  if (typeof wid.user === 'string' && typeof wid.server === 'string') return `${wid.user}@${wid.server}`;
  return null;
}

interface RawMessageId {
  fromMe?: boolean;
  remote?: unknown;
  id?: string;
  participant?: unknown;
  _serialized?: unknown;
  $1?: unknown;
}

/**
 * WhatsApp Web builds since mid-2026 (2.3000.104x) hand over message ids with a `$1` key instead of
 * `_serialized`, and the library passes that through. Fall back to `$1`, then build it as WhatsApp does:
 * `fromMe_remote_id[_participant]`.
 */
export function serializedMessageId(id: RawMessageId): string {
  if (typeof id._serialized === 'string' && id._serialized) return id._serialized;
  if (typeof id.$1 === 'string' && id.$1) return id.$1;
  const participant = serialized(id.participant);
  return `${Boolean(id.fromMe)}_${serialized(id.remote) ?? ''}_${id.id ?? ''}${participant ? `_${participant}` : ''}`;
}

const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value)
    ? value
    : typeof value === 'string' && value !== '' && Number.isFinite(Number(value))
      ? Number(value)
      : null;
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export function mapMessage(msg: Message): MessageDto {
  const raw = (msg as Message & { _data?: Record<string, unknown> })._data ?? {};
  const id = msg.id as unknown as RawMessageId;
  const fromMe = Boolean(id.fromMe);
  // The library flattens `from`/`to`/`author` objects to their `_serialized`, which may be missing: read raw too.
  const from = serialized(msg.from) ?? serialized(raw.from);
  const to = serialized(msg.to) ?? serialized(raw.to);
  const chatId = serialized(id.remote) ?? (fromMe ? to : from) ?? '';
  const author = serialized(msg.author) ?? serialized(raw.author);
  const type = String(msg.type ?? 'chat');
  const dto: MessageDto = {
    protocolId: String(id.id ?? ''),
    fromMe,
    serializedId: serializedMessageId(id),
    chatId,
    senderWid: author ?? (fromMe ? null : from),
    body: msg.body ?? '',
    type,
    timestamp: Number(msg.timestamp ?? 0),
    ack: typeof msg.ack === 'number' ? msg.ack : 0,
    hasMedia: Boolean(msg.hasMedia),
    isForwarded: Boolean(msg.isForwarded),
    isStatus: Boolean(msg.isStatus) || chatId === 'status@broadcast',
    quotedProtocolId: typeof raw.quotedStanzaID === 'string' ? raw.quotedStanzaID : null,
    edited: Boolean(raw.latestEditSenderTimestampMs),
  };
  if (isMediaType(type)) {
    // Without a downloadable file the library falls back to `data.body`: a thumbnail or the file name, never
    // something the customer typed. Only the caption is text.
    dto.body = str(raw.caption) ?? '';
    dto.media = {
      mimetype: str(raw.mimetype),
      size: num(raw.size),
      filehash: str(raw.filehash),
      filename: str(raw.filename),
      duration: num(raw.duration),
      width: num(raw.width),
      height: num(raw.height),
      thumbnail: jpegThumbnail(raw.body),
    };
  } else if (type === 'location') {
    // The body of a location is a base64 JPEG thumbnail (Message.js): never text, never scanned.
    const location = msg.location as {
      latitude?: unknown;
      longitude?: unknown;
      name?: unknown;
      address?: unknown;
    };
    dto.location = {
      latitude: num(location?.latitude ?? raw.lat) ?? 0,
      longitude: num(location?.longitude ?? raw.lng) ?? 0,
      name: str(location?.name),
      address: str(location?.address),
    };
    dto.body = locationText(dto.location);
  } else if (type === 'poll_creation') {
    // Options arrive as `{ name, localId }`; zero "selectable options" means any number may be chosen.
    const options = Array.isArray(raw.pollOptions) ? (raw.pollOptions as { name?: unknown }[]) : [];
    dto.poll = {
      name: str(raw.pollName) ?? dto.body,
      options: options.map((o) => (typeof o?.name === 'string' ? o.name : '')).filter(Boolean),
      allowMultiple: !raw.pollSelectableOptionsCount,
    };
    dto.body = dto.poll.name;
  } else if (type === 'vcard' || type === 'multi_vcard') {
    const cards = (msg.vCards ?? []).filter((c): c is string => typeof c === 'string').map(parseVcard);
    dto.vcards = cards;
    dto.body = cards
      .map((c) => c.name ?? c.numbers[0] ?? '')
      .filter(Boolean)
      .join(', ');
  }
  return dto;
}

/** WhatsApp's preview of an image, video or sticker, in the raw body: base64 JPEG (it starts `/9j/`). */
function jpegThumbnail(body: unknown): string | null {
  return typeof body === 'string' && body.startsWith('/9j/') && /^[A-Za-z0-9+/=]+$/.test(body) ? body : null;
}

/**
 * `message_reaction` (Reaction.js): `msgId` is the reacted message's key, `senderId` who reacted, `reaction`
 * the emoji ('' = removed). Its timestamp comes in seconds or milliseconds depending on the path: normalised.
 */
export function mapReaction(reaction: Reaction): ReactionDto | null {
  const parent = reaction.msgId as unknown as RawMessageId | undefined;
  const own = (reaction.id as unknown as RawMessageId | undefined)?.fromMe;
  if (!parent?.id) return null;
  const ts = num(reaction.timestamp) ?? Math.floor(Date.now() / 1000);
  return {
    chatId: serialized(parent.remote) ?? '',
    messageProtocolId: String(parent.id),
    messageFromMe: Boolean(parent.fromMe),
    senderWid: serialized(reaction.senderId) ?? '',
    fromMe: Boolean(own),
    emoji: typeof reaction.reaction === 'string' ? reaction.reaction : '',
    timestamp: ts > 1e12 ? Math.floor(ts / 1000) : ts,
  };
}

export function mapChat(chat: Chat): ChatDto {
  const group = chat.isGroup ? (chat as GroupChat) : null;
  // participants/owner/description are getters over groupMetadata: read them explicitly, never via JSON.
  const metadata = (group as (GroupChat & { groupMetadata?: unknown }) | null)?.groupMetadata;
  return {
    id: serialized(chat.id) ?? '',
    name: chat.name || null,
    isGroup: Boolean(chat.isGroup),
    unreadCount: Number(chat.unreadCount ?? 0),
    archived: Boolean(chat.archived),
    readOnly: Boolean(chat.isReadOnly),
    muted: Boolean(chat.isMuted),
    pinned: Boolean(chat.pinned),
    timestamp: typeof chat.timestamp === 'number' && chat.timestamp > 0 ? chat.timestamp : null,
    lastMessageId: chat.lastMessage?.id?.id ?? null,
    participants:
      group && metadata
        ? group.participants.map((p) => ({
            wid: serialized(p.id) ?? '',
            isAdmin: Boolean(p.isAdmin),
            isSuperAdmin: Boolean(p.isSuperAdmin),
          }))
        : group
          ? []
          : null,
    description: group && metadata ? (group.description ?? null) : null,
    ownerWid: group && metadata ? serialized(group.owner) : null,
  };
}

export function mapContact(contact: Contact): ContactDto {
  const id = serialized(contact.id) ?? '';
  return {
    id,
    number: contact.number || null,
    lid: id.endsWith('@lid') ? id : null,
    name: contact.name || null,
    pushName: contact.pushname || null,
    isBusiness: Boolean(contact.isBusiness),
    isMyContact: Boolean(contact.isMyContact),
    isGroup: Boolean(contact.isGroup),
  };
}
