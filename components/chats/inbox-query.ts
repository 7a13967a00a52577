import type { InfiniteData } from '@tanstack/react-query';
import type { ChatKind } from '@/lib/whatsapp/chat-kinds';
import { keys } from '../query-keys';
import type { ChatItem, Page } from './types';

/**
 * The inbox query, in one place for the two sides that build it: the chats page prefetches its first page on
 * the server (app/(dashboard)/chats/page.tsx) and the list reads it from the hydrated cache, so both must name
 * the same key and ask for the same page.
 */
export const CHAT_PAGE_SIZE = 100;

export interface InboxFilters {
  q: string;
  kind: ChatKind;
  unread: boolean;
}

/** What the inbox shows before anyone types or clicks a filter: the screen the server renders. */
export const FIRST_SCREEN: InboxFilters = { q: '', kind: 'all', unread: false };

export const inboxKey = (session: string, filters: InboxFilters) => keys.chats.list(session, { ...filters });

export type InboxPages = InfiniteData<Page<ChatItem>, string>;

/** The list endpoint's query string for one page (`cursor` '' = the first). */
export function inboxParams(filters: InboxFilters, cursor: string): URLSearchParams {
  const params = new URLSearchParams({ kind: filters.kind, limit: String(CHAT_PAGE_SIZE) });
  if (filters.q) params.set('q', filters.q);
  if (filters.unread) params.set('unread', 'true');
  if (cursor) params.set('cursor', cursor);
  return params;
}

/** Pages chain by the API's opaque cursor; null on the last page. */
export const nextInboxCursor = (last: Page<ChatItem>) => last.nextCursor ?? undefined;
