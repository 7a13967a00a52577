import { type DehydratedState, dehydrate, QueryClient } from '@tanstack/react-query';
import { CHAT_PAGE_SIZE, FIRST_SCREEN, inboxKey, nextInboxCursor } from '@/components/chats/inbox-query';
import type { ChatItem, Page } from '@/components/chats/types';
import { getDb } from '@/lib/db';
import { listChats } from '@/lib/whatsapp/list-chats';

/**
 * The inbox's first page, read on the server while the page renders and handed to the browser's query cache
 * (TanStack Query's dehydrate → HydrationBoundary), so the first rows arrive in the HTML instead of after the
 * scripts load and ask the API. A failure (no such number yet) is left out: the list then asks the API itself
 * and shows that error the usual way.
 */
export async function prefetchInbox(session: string): Promise<DehydratedState> {
  const client = new QueryClient();
  await client.prefetchInfiniteQuery({
    queryKey: inboxKey(session, FIRST_SCREEN),
    queryFn: async () => {
      const page = await listChats(getDb(), {
        sessionName: session,
        kind: FIRST_SCREEN.kind,
        unread: FIRST_SCREEN.unread,
        limit: CHAT_PAGE_SIZE,
      });
      // Exactly what the list endpoint answers (dates as ISO strings), not the rows' Date objects.
      return JSON.parse(JSON.stringify(page)) as Page<ChatItem>;
    },
    initialPageParam: '',
    getNextPageParam: nextInboxCursor,
  });
  return dehydrate(client);
}
