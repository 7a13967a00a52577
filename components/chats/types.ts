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

export type MediaState = 'pending' | 'downloading' | 'stored' | 'too_large' | 'expired' | 'failed' | 'purged';

/**
 * A message as the bubbles read it: the history item with the media contract's fields (thumbnail, download
 * state, URL, poll, quoted message, reactions), optional so a history API without them still renders.
 */
export type RichMessage = Omit<MessageItem, 'media'> & {
  media:
    | (NonNullable<MessageItem['media']> & {
        thumbnail?: string | null;
        state?: MediaState | null;
        url?: string | null;
        error?: string | null;
      })
    | null;
  poll?: { name: string; options: string[]; allowMultiple: boolean } | null;
  quoted?: {
    id: number | null;
    protocolId: string;
    body: string;
    type: string;
    fromMe: boolean;
    senderWid: string | null;
  } | null;
  reactions?: { emoji: string; senderWid: string | null; senderName: string | null; fromMe: boolean }[];
};
