import type { ChatItem, MessageItem } from '@/lib/api/schemas/responses';

/** The chat and message API's shapes, inferred from the response schemas (lib/api/schemas/responses.ts). */
export type { ChatItem, CommandView, MessageItem, Page } from '@/lib/api/schemas/responses';

/** A phone as people write it: one leading +, whatever form the API gave. */
export function displayPhone(phone: string | null): string | null {
  return phone ? `+${phone.replace(/^\+/, '')}` : null;
}

export function chatTitle(chat: Pick<ChatItem, 'name' | 'phone' | 'waId'>, fallback: string): string {
  return chat.name ?? displayPhone(chat.phone) ?? fallback;
}

export type { MediaState } from '@/lib/media/states';

/** A message as the bubbles read it: the history item with media state, poll, quoted message and reactions. */
export type RichMessage = MessageItem;
