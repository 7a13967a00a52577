import type { QueryClient } from '@tanstack/react-query';
import { CHAT_ROWS_MAX } from '@/lib/events/chat-rows';
import type { InboxFilters, InboxPages } from '../chats/inbox-query';
import type { ChatItem } from '../chats/types';
import { keys } from '../query-keys';

/** One chat as the API shows it now; null when it no longer exists. */
export type FetchChat = (session: string, chatId: number) => Promise<ChatItem | null>;

/**
 * More chats than this in one event (a history sync, a burst) and the lists are refetched instead: one row
 * per chat would cost more than the pages. The server attaches rows up to the same limit.
 */
export const PATCH_LIMIT = CHAT_ROWS_MAX;

/** Newest activity first, never-active chats last, then by id descending: the list endpoint's `recent` order. */
function before(a: ChatItem, b: ChatItem): boolean {
  const ta = a.lastMessageAt === null ? null : Date.parse(a.lastMessageAt);
  const tb = b.lastMessageAt === null ? null : Date.parse(b.lastMessageAt);
  if (ta !== tb) return tb === null || (ta !== null && ta > tb);
  return a.id > b.id;
}

/** Whether a chat belongs in a list with these filters; undefined when only the server can tell (a search). */
function belongs(chat: ChatItem, filters: Partial<InboxFilters>): boolean | undefined {
  if (filters.q) return undefined;
  if (chat.deletedAt !== null) return false;
  if (filters.kind === 'groups' && !chat.isGroup) return false;
  if (filters.kind === 'individual' && chat.isGroup) return false;
  if (filters.unread && chat.unreadCount === 0) return false;
  return true;
}

/**
 * The loaded pages with one chat moved to where the server would now list it (or dropped when it no longer
 * belongs). Pages keep their cursors: each points past rows that are older than anything a new message can
 * make a chat, so the next page fetched still follows on. A chat that sorts below every loaded row stays out
 * while more pages remain: it arrives with them.
 */
export function placeChat(
  data: InboxPages,
  chatId: number,
  chat: ChatItem | null,
  filters: Partial<InboxFilters>,
): InboxPages {
  const pages = data.pages.map((page) => ({ ...page, items: page.items.filter((c) => c.id !== chatId) }));
  if (chat && belongs(chat, filters)) {
    let placed = false;
    for (const page of pages) {
      const at = page.items.findIndex((other) => before(chat, other));
      if (at !== -1) {
        page.items.splice(at, 0, chat);
        placed = true;
        break;
      }
    }
    const last = pages.at(-1);
    if (!placed && last && last.nextCursor === null) last.items.push(chat);
  }
  return { ...data, pages };
}

/**
 * A live event names the chats it changed: put just those rows in place in every loaded chat list and chat
 * detail of that number, instead of refetching every loaded page. The rows come with the event when the
 * server could attach them (`rows`; a named chat missing there is gone), else they are fetched. Lists only the server can
 * order (a search, another order) are refetched. Answers can come back out of order when events follow each
 * other closely; only the newest request per chat is applied.
 */
export function createChatPatcher(fetchChat: FetchChat) {
  const latest = new Map<string, number>();
  let sequence = 0;
  return async function patchChats(
    client: QueryClient,
    session: string,
    chatIds: readonly number[],
    rows?: readonly ChatItem[],
  ) {
    const lists = client
      .getQueryCache()
      .findAll({ queryKey: keys.chats.of(session) })
      .filter((query) => query.queryKey[2] === 'list');
    // Only inbox-shaped lists (pages of chats in `recent` order) can be put in order here.
    const patchable = lists.filter((query) => {
      const filters = (query.queryKey[3] ?? {}) as Record<string, unknown>;
      const data = query.state.data as { pages?: unknown } | undefined;
      return filters.order === undefined && !filters.q && Array.isArray(data?.pages);
    });
    for (const query of lists)
      if (!patchable.includes(query))
        void client.invalidateQueries({ queryKey: query.queryKey, exact: true });
    await Promise.all(
      chatIds.map(async (chatId) => {
        const tag = `${session}:${chatId}`;
        const mine = ++sequence;
        latest.set(tag, mine);
        let chat: ChatItem | null;
        try {
          chat = rows ? (rows.find((row) => row.id === chatId) ?? null) : await fetchChat(session, chatId);
        } catch {
          // The row could not be read: let the lists that may show it refetch.
          for (const query of patchable)
            void client.invalidateQueries({ queryKey: query.queryKey, exact: true });
          void client.invalidateQueries({ queryKey: keys.chats.detail(session, chatId) });
          return;
        }
        if (latest.get(tag) !== mine) return;
        latest.delete(tag);
        for (const query of patchable) {
          const filters = (query.queryKey[3] ?? {}) as Partial<InboxFilters>;
          client.setQueryData<InboxPages>(query.queryKey, (data) =>
            data ? placeChat(data, chatId, chat, filters) : data,
          );
        }
        const detail = keys.chats.detail(session, chatId);
        if (chat && client.getQueryData(detail) !== undefined) client.setQueryData(detail, chat);
        else if (!chat) void client.invalidateQueries({ queryKey: detail });
      }),
    );
  };
}
