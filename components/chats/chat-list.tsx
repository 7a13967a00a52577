'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Users } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { CHAT_KINDS, type ChatKind } from '@/lib/whatsapp/chat-kinds';
import { api, V1 } from '../api';
import { useI18n } from '../i18n';
import { useLiveRefetch } from '../live/live-events';
import { cn } from '../ui/cn';
import { useDebounced } from '../ui/cursor-pages';
import { Input } from '../ui/input';
import { useHydrated } from '../ui/use-hydrated';
import { useWhatsAppNumber } from '../whatsapp-number';
import { type InboxFilters, inboxKey, inboxParams, nextInboxCursor } from './inbox-query';
import { previewLine } from './message-kinds';
import { type ChatItem, chatTitle, type Page } from './types';

/** The inbox: virtualized so 50,000 chats scroll smoothly; pages of 100 load as the end comes into view. */
export function ChatList({
  selected,
  onSelect,
}: {
  selected: number | null;
  onSelect: (id: number) => void;
}) {
  const { t, locale } = useI18n();
  const session = useWhatsAppNumber();
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<ChatKind>('all');
  const [unread, setUnread] = useState(false);
  const q = useDebounced(search.trim(), 250);
  const refetchInterval = useLiveRefetch();
  const filters: InboxFilters = { q, kind, unread };
  // The first screen's page comes hydrated from the server (the chats page prefetches it).
  const query = useInfiniteQuery({
    queryKey: inboxKey(session, filters),
    queryFn: ({ pageParam }) =>
      api<Page<ChatItem>>(`${V1}/chats/?${inboxParams(filters, pageParam)}`, { session }),
    initialPageParam: '',
    getNextPageParam: nextInboxCursor,
    refetchInterval,
  });
  const chats = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: chats.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 64,
    overscan: 12,
    // The server has no scroll element to measure: render a screenful of rows into its HTML anyway.
    initialRect: { width: 352, height: 900 },
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (lastIndex >= chats.length - 20 && query.hasNextPage && !query.isFetchingNextPage)
      void query.fetchNextPage();
  }, [lastIndex, chats.length, query]);
  const time = new Intl.DateTimeFormat(locale === 'es' ? 'es-CL' : 'en', {
    hour: '2-digit',
    minute: '2-digit',
  });
  const day = new Intl.DateTimeFormat(locale === 'es' ? 'es-CL' : 'en', { day: '2-digit', month: '2-digit' });
  // The time zone is the browser's: the server leaves the times out, the hydrated list fills them in.
  const hydrated = useHydrated();
  const when = (iso: string | null) => {
    if (!iso || !hydrated) return '';
    const date = new Date(iso);
    return date.toDateString() === new Date().toDateString() ? time.format(date) : day.format(date);
  };

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="space-y-2 border-b border-slate-200 p-3 dark:border-slate-800">
        <Input
          type="search"
          aria-label={t.chats.search}
          placeholder={t.chats.search}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <div className="flex items-center gap-1 text-sm">
          <div role="tablist" aria-label={t.chats.title} className="flex gap-1">
            {CHAT_KINDS.map((value) => (
              <button
                key={value}
                type="button"
                role="tab"
                aria-selected={kind === value}
                onClick={() => setKind(value)}
                className={cn(
                  'rounded-md px-2.5 py-1 touch:min-h-11',
                  kind === value
                    ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900'
                    : 'hover:bg-slate-100 dark:hover:bg-slate-800',
                )}
              >
                {t.chats[value]}
              </button>
            ))}
          </div>
          <button
            type="button"
            aria-pressed={unread}
            onClick={() => setUnread((value) => !value)}
            className={cn(
              'ml-auto rounded-md px-2.5 py-1 touch:min-h-11',
              unread ? 'bg-brand-700 text-white' : 'hover:bg-slate-100 dark:hover:bg-slate-800',
            )}
          >
            {t.chats.unread}
          </button>
        </div>
      </div>
      <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto" data-testid="chat-list">
        {query.isPending ? (
          <p className="p-4 text-sm text-slate-600 dark:text-slate-400">{t.common.loading}</p>
        ) : chats.length === 0 ? (
          <div className="p-6 text-center text-sm">
            <p className="font-medium">{t.chats.empty}</p>
            <p className="mt-1 text-slate-600 dark:text-slate-400">{t.chats.emptyHint}</p>
          </div>
        ) : (
          <ul style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((row) => {
              const chat = chats[row.index]!;
              const active = chat.id === selected;
              return (
                <li
                  key={chat.id}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    width: '100%',
                    height: row.size,
                    transform: `translateY(${row.start}px)`,
                  }}
                >
                  <button
                    type="button"
                    onClick={() => onSelect(chat.id)}
                    aria-current={active ? 'true' : undefined}
                    className={cn(
                      'flex h-full w-full items-center gap-3 border-b border-slate-100 px-3 text-left dark:border-slate-800',
                      active
                        ? 'bg-brand-50 dark:bg-brand-700/20'
                        : 'hover:bg-slate-50 dark:hover:bg-slate-800/60',
                    )}
                  >
                    <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-slate-200 text-sm font-medium dark:bg-slate-700">
                      {chat.isGroup ? (
                        <Users aria-hidden className="size-4" />
                      ) : (
                        chatTitle(chat, '?').replace('+', '').slice(0, 1).toUpperCase()
                      )}
                    </span>
                    <span className="min-w-0 flex-1">
                      <span className="flex items-baseline justify-between gap-2">
                        <span className="truncate font-medium">{chatTitle(chat, t.chats.noName)}</span>
                        <span className="shrink-0 text-xs text-slate-600 dark:text-slate-400">
                          {when(chat.lastMessageAt)}
                        </span>
                      </span>
                      <span className="flex items-center justify-between gap-2">
                        <span className="truncate text-sm text-slate-600 dark:text-slate-400">
                          {chat.lastMessage
                            ? chat.lastMessage.revoked
                              ? t.chats.deleted
                              : previewLine(chat.lastMessage, t.chats.kinds)
                            : ''}
                        </span>
                        {chat.unreadCount > 0 && (
                          <span className="shrink-0 rounded-full bg-brand-700 px-1.5 text-xs font-semibold text-white">
                            {chat.unreadCount}
                          </span>
                        )}
                      </span>
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}
