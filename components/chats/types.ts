/** JSON shapes of the chat and message API (lib/whatsapp/list-chats.ts, list-messages.ts). */
export interface ChatItem {
  id: number;
  waId: string;
  name: string | null;
  isGroup: boolean;
  unreadCount: number;
  archived: boolean;
  pinned: boolean;
  muted: boolean;
  readOnly: boolean;
  lastMessageAt: string | null;
  participantCount: number;
  weAreMember: boolean;
  weAreAdmin: boolean;
  phone: string | null;
  lastMessage?: { body: string; fromMe: boolean; type: string; timestamp: string; revoked: boolean } | null;
}

export interface MessageItem {
  id: number;
  chatId: number;
  protocolId: string;
  fromMe: boolean;
  senderWid: string | null;
  body: string;
  type: string;
  timestamp: string;
  ack: number;
  hasMedia: boolean;
  isForwarded: boolean;
  editedAt: string | null;
  previousBody: string | null;
  revokedAt: string | null;
  source: 'live' | 'backfill' | 'history' | 'sent';
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CommandView {
  id: number;
  kind: string;
  status: 'pending' | 'running' | 'sending' | 'succeeded' | 'failed' | 'unknown' | 'cancelled';
  progress: { done: number; total?: number } | null;
  result: { protocolId?: string; messages?: number } | null;
  error: string | null;
}

/** A phone as people write it: one leading +, whatever form the API gave. */
export function displayPhone(phone: string | null): string | null {
  return phone ? `+${phone.replace(/^\+/, '')}` : null;
}

export function chatTitle(chat: Pick<ChatItem, 'name' | 'phone' | 'waId'>, fallback: string): string {
  return chat.name ?? displayPhone(chat.phone) ?? fallback;
}
