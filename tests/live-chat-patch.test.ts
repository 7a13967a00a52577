import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { FIRST_SCREEN, type InboxPages, inboxKey } from '../components/chats/inbox-query';
import type { ChatItem } from '../components/chats/types';
import { invalidateFor } from '../components/live/invalidate';
import { createChatPatcher, placeChat } from '../components/live/patch-chats';
import { keys } from '../components/query-keys';
import { staleKeys } from './support/query-cache';

/** Chat `id`, last active `minute` minutes after 10:00 (null: never). */
function chat(id: number, minute: number | null, extra: Partial<ChatItem> = {}): ChatItem {
  return {
    id,
    sessionId: 1,
    waId: `5691234${String(id).padStart(4, '0')}@c.us`,
    name: `Cliente ${id}`,
    isGroup: false,
    unreadCount: 0,
    archived: false,
    pinned: false,
    muted: false,
    readOnly: false,
    lastMessageAt: minute === null ? null : new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString(),
    description: null,
    participantCount: 0,
    weAreMember: true,
    weAreAdmin: false,
    deletedAt: null,
    phone: null,
    lastMessage: null,
    ...extra,
  };
}

/** An inbox with two loaded pages: chats 10..6 (minutes 50..10), then 5..4, more to come. */
function inbox(): InboxPages {
  return {
    pages: [
      { items: [chat(10, 50), chat(9, 40), chat(8, 30)], nextCursor: 'c1' },
      { items: [chat(7, 20), chat(6, 10)], nextCursor: 'c2' },
    ],
    pageParams: ['', 'c1'],
  };
}
const ids = (data: InboxPages) => data.pages.map((page) => page.items.map((c) => c.id));

describe('a live message moves its chat in the loaded inbox', () => {
  it('a chat already listed moves to the top, its row replaced by the new one', () => {
    const next = placeChat(inbox(), 7, chat(7, 55, { unreadCount: 1 }), FIRST_SCREEN);
    expect(ids(next)).toEqual([[7, 10, 9, 8], [6]]);
    expect(next.pages[0]?.items[0]?.unreadCount).toBe(1);
    expect(next.pages.map((p) => p.nextCursor)).toEqual(['c1', 'c2']);
  });

  it('a chat not loaded yet (further down, or new) appears at the top', () => {
    expect(ids(placeChat(inbox(), 99, chat(99, 59), FIRST_SCREEN))[0]).toEqual([99, 10, 9, 8]);
  });

  it('a chat older than every loaded row waits for its page while more pages remain', () => {
    expect(ids(placeChat(inbox(), 3, chat(3, 5), FIRST_SCREEN))).toEqual(ids(inbox()));
    const complete = inbox();
    complete.pages[1]!.nextCursor = null;
    expect(ids(placeChat(complete, 3, chat(3, null), FIRST_SCREEN))[1]).toEqual([7, 6, 3]);
  });

  it('a chat that no longer matches the filters or is gone leaves the list', () => {
    expect(ids(placeChat(inbox(), 9, null, FIRST_SCREEN))[0]).toEqual([10, 8]);
    expect(ids(placeChat(inbox(), 9, chat(9, 58), { ...FIRST_SCREEN, kind: 'groups' }))[0]).toEqual([10, 8]);
    expect(ids(placeChat(inbox(), 9, chat(9, 58), { ...FIRST_SCREEN, unread: true }))[0]).toEqual([10, 8]);
    const deleted = chat(9, 58, { deletedAt: new Date().toISOString() });
    expect(ids(placeChat(inbox(), 9, deleted, FIRST_SCREEN))[0]).toEqual([10, 8]);
  });
});

describe('live messages patch the cache instead of refetching every loaded page', () => {
  const nameOf = (id: number) => (id === 1 ? 'principal' : undefined);
  function setup(rows: Map<number, ChatItem | null>) {
    const client = new QueryClient();
    client.setQueryData(inboxKey('principal', FIRST_SCREEN), inbox());
    client.setQueryData(inboxKey('principal', { ...FIRST_SCREEN, q: 'ana' }), inbox());
    client.setQueryData(keys.chats.detail('principal', 7), chat(7, 20));
    client.setQueryData(keys.messages.list('principal', 7), { pages: [], pageParams: [] });
    const asked: number[] = [];
    const patcher = createChatPatcher(async (_session, id) => {
      asked.push(id);
      return rows.get(id) ?? null;
    });
    const stale = () => staleKeys(client);
    return { client, patcher, asked, stale };
  }

  it('fetches only the named chat, reorders the inbox and updates the open chat; a search list refetches', async () => {
    const { client, patcher, asked, stale } = setup(new Map([[7, chat(7, 59, { unreadCount: 2 })]]));
    let done: Promise<void> = Promise.resolve();
    invalidateFor(client, { type: 'messages', sessionId: 1, chatIds: [7] }, nameOf, (...args) => {
      done = patcher(...args);
      return done;
    });
    await done;
    expect(asked).toEqual([7]);
    const data = client.getQueryData<InboxPages>(inboxKey('principal', FIRST_SCREEN));
    expect(ids(data!)).toEqual([[7, 10, 9, 8], [6]]);
    expect(client.getQueryData<ChatItem>(keys.chats.detail('principal', 7))?.unreadCount).toBe(2);
    expect(stale()).toEqual(
      expect.arrayContaining([
        inboxKey('principal', { ...FIRST_SCREEN, q: 'ana' }),
        keys.messages.list('principal', 7),
      ]),
    );
    expect(stale()).not.toContainEqual(inboxKey('principal', FIRST_SCREEN));
  });

  it('a burst naming many chats refetches the lists instead of asking for each row', () => {
    const { client, asked, stale, patcher } = setup(new Map());
    const many = Array.from({ length: 50 }, (_, i) => i + 1);
    invalidateFor(client, { type: 'messages', sessionId: 1, chatIds: many }, nameOf, patcher);
    expect(asked).toEqual([]);
    expect(stale()).toContainEqual(inboxKey('principal', FIRST_SCREEN));
  });

  it('when two answers for one chat cross, the older one is not applied', async () => {
    const client = new QueryClient();
    client.setQueryData(inboxKey('principal', FIRST_SCREEN), inbox());
    const answers: ((row: ChatItem) => void)[] = [];
    const patcher = createChatPatcher(
      () =>
        new Promise<ChatItem>((resolve) => {
          answers.push(resolve);
        }),
    );
    const first = patcher(client, 'principal', [6]);
    const second = patcher(client, 'principal', [6]);
    answers[1]!(chat(6, 59, { unreadCount: 2 }));
    await second;
    answers[0]!(chat(6, 58, { unreadCount: 1 }));
    await first;
    const data = client.getQueryData<InboxPages>(inboxKey('principal', FIRST_SCREEN));
    expect(data!.pages[0]!.items[0]).toMatchObject({ id: 6, unreadCount: 2 });
  });
  it('an event that carries its rows moves them into place without asking; a named chat not among them is gone', async () => {
    const { client, patcher, asked } = setup(new Map());
    let done: Promise<void> = Promise.resolve();
    const event = {
      type: 'messages' as const,
      sessionId: 1,
      chatIds: [6, 9],
      chats: [chat(6, 59, { unreadCount: 3 })],
    };
    invalidateFor(client, event, nameOf, (...args) => {
      done = patcher(...args);
      return done;
    });
    await done;
    expect(asked).toEqual([]);
    const data = client.getQueryData<InboxPages>(inboxKey('principal', FIRST_SCREEN));
    expect(ids(data!)).toEqual([[6, 10, 8], [7]]);
    expect(data!.pages[0]!.items[0]?.unreadCount).toBe(3);
  });

  it('a fetch still in flight from an earlier event does not undo the rows a later event carried', async () => {
    const client = new QueryClient();
    client.setQueryData(inboxKey('principal', FIRST_SCREEN), inbox());
    let answer: (row: ChatItem) => void = () => {};
    const patcher = createChatPatcher(
      () =>
        new Promise<ChatItem>((resolve) => {
          answer = resolve;
        }),
    );
    const bare = patcher(client, 'principal', [6]);
    await patcher(client, 'principal', [6], [chat(6, 59, { unreadCount: 2 })]);
    answer(chat(6, 58, { unreadCount: 1 }));
    await bare;
    const data = client.getQueryData<InboxPages>(inboxKey('principal', FIRST_SCREEN));
    expect(data!.pages[0]!.items[0]).toMatchObject({ id: 6, unreadCount: 2 });
  });
});
