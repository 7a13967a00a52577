import type { QueryClient } from '@tanstack/react-query';
import type { StreamEvent } from '@/lib/events/chat-rows';
import type { ChatItem } from '../chats/types';
import { keys } from '../query-keys';
import { PATCH_LIMIT } from './patch-chats';

type Key = readonly unknown[];

/**
 * What each live event makes stale. The stream says what changed; queries refetch only what is on screen.
 * An event of one WhatsApp number touches only that number's keys (`nameOf` maps its id to the name the keys
 * carry). A number whose row appeared after the page loaded has no name yet, so its event refetches the area
 * for every number rather than miss the first connection. Requests and bindings span numbers: global keys.
 * The chats an event names (a few at a time) are patched into the loaded lists by `patchChats` rather than
 * refetched page by page.
 */
export function invalidateFor(
  client: QueryClient,
  event: StreamEvent,
  nameOf: (sessionId: number) => string | undefined,
  patchChats?: (
    client: QueryClient,
    session: string,
    chatIds: readonly number[],
    rows?: readonly ChatItem[],
  ) => Promise<void>,
): void {
  const stale = (queryKey: Key) => void client.invalidateQueries({ queryKey });
  const session = 'sessionId' in event ? nameOf(event.sessionId) : undefined;
  const ofNumber = (all: Key, byName: (session: string) => Key) =>
    stale(session === undefined ? all : byName(session));
  // An empty list means "any chat" (a chat-list sync).
  const chatRows = (chatIds: readonly number[]) => {
    if (patchChats && session !== undefined && chatIds.length > 0 && chatIds.length <= PATCH_LIMIT)
      void patchChats(client, session, chatIds, event.chats);
    else ofNumber(keys.chats.all, keys.chats.of);
  };
  switch (event.type) {
    case 'session':
      stale(keys.numbers.all);
      ofNumber(keys.session.all, keys.session.of);
      ofNumber(keys.overview.all, keys.overview.of);
      return;
    case 'chats':
      chatRows(event.chatIds);
      ofNumber(keys.groups.all, keys.groups.of);
      return;
    case 'messages':
      chatRows(event.chatIds);
      ofNumber(keys.overview.all, keys.overview.of);
      if (session === undefined) stale(keys.messages.all);
      else for (const chatId of event.chatIds) stale(keys.messages.list(session, chatId));
      return;
    case 'command':
      stale(keys.commands.detail(event.commandId));
      return;
    case 'request':
      stale(keys.requests.all);
      stale(keys.overview.all);
      return;
    case 'bindings':
      stale(keys.experiences.all);
      stale(keys.operators.all);
      stale(keys.groups.all);
      return;
  }
}
