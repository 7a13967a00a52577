import type { Chat, Contact, GroupChat, Message } from 'whatsapp-web.js';
import type { ChatDto, ContactDto, MessageDto } from '../port';

/**
 * Pure mappers from whatsapp-web.js objects to our DTOs. Contract-tested by feeding recorded raw WhatsApp Web
 * data through the library's own classes (tests/webjs-mapping.test.ts).
 */

/** Ids arrive as `string` or as `{ _serialized }` depending on the path that produced the object. */
export function serialized(id: unknown): string | null {
  if (typeof id === 'string') return id;
  if (id && typeof id === 'object' && '_serialized' in id && typeof id._serialized === 'string')
    return id._serialized;
  return null;
}

export function mapMessage(msg: Message): MessageDto {
  const raw = (msg as Message & { _data?: Record<string, unknown> })._data ?? {};
  const fromMe = Boolean(msg.id.fromMe);
  const chatId = serialized(msg.id.remote) ?? (fromMe ? msg.to : msg.from);
  const author = serialized(msg.author) ?? null;
  return {
    protocolId: msg.id.id,
    fromMe,
    serializedId: msg.id._serialized,
    chatId,
    senderWid: author ?? (fromMe ? null : serialized(msg.from)),
    body: msg.body ?? '',
    type: String(msg.type ?? 'chat'),
    timestamp: Number(msg.timestamp ?? 0),
    ack: typeof msg.ack === 'number' ? msg.ack : 0,
    hasMedia: Boolean(msg.hasMedia),
    isForwarded: Boolean(msg.isForwarded),
    isStatus: Boolean(msg.isStatus) || chatId === 'status@broadcast',
    quotedProtocolId: typeof raw.quotedStanzaID === 'string' ? raw.quotedStanzaID : null,
  };
}

export function mapChat(chat: Chat): ChatDto {
  const group = chat.isGroup ? (chat as GroupChat) : null;
  // participants/owner/description are getters over groupMetadata: read them explicitly, never via JSON.
  const metadata = (group as (GroupChat & { groupMetadata?: unknown }) | null)?.groupMetadata;
  return {
    id: chat.id._serialized,
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
            wid: p.id._serialized,
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
  const id = contact.id._serialized;
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
