'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Search } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { type RefObject, useState } from 'react';
import type { SearchResults } from '@/lib/api/schemas/search';
import { api, V1 } from '../api';
import { displayPhone } from '../chats/types';
import { useI18n } from '../i18n';
import { keys } from '../query-keys';
import { Button } from '../ui/button';
import { useDebounced } from '../ui/cursor-pages';
import { CloseButton } from '../ui/dialog';
import { Input } from '../ui/input';
import { useWhatsAppNumber } from '../whatsapp-number';
import { EMPTY, type Filters, SearchFilters } from './search-filters';

/** A hit's text with the matching words marked; segments are text, never markup. */
function Snippet({ segments }: { segments: SearchResults['groups'][number]['hits'][number]['snippet'] }) {
  let offset = 0;
  const parts = segments.map((s) => {
    const key = offset;
    offset += s.text.length;
    return s.match ? (
      <mark key={key} className="rounded-sm bg-amber-200 px-0.5 text-inherit dark:bg-amber-500/40">
        {s.text}
      </mark>
    ) : (
      <span key={key}>{s.text}</span>
    );
  });
  return <span className="line-clamp-3 text-sm break-words whitespace-pre-wrap">{parts}</span>;
}

function searchPath(f: Filters, cursor: string): string {
  const params = new URLSearchParams({ q: f.q.trim(), limit: '30' });
  if (f.all) params.set('allSessions', 'true');
  if (f.from) params.set('from', f.from);
  if (f.kind) params.set('kind', f.kind);
  // Dates are the reader's days: from the start of `after` to the end of `before`, in their time zone.
  if (f.after) params.set('after', new Date(`${f.after}T00:00:00`).toISOString());
  if (f.before)
    params.set('before', new Date(new Date(`${f.before}T00:00:00`).getTime() + 86_400_000).toISOString());
  if (cursor) params.set('cursor', cursor);
  return `${V1}/messages/search/?${params}`;
}

/**
 * Message search over the whole dashboard, opened by the header's button, `/` or Ctrl-K (⌘K): see
 * search-button.tsx, which loads this code on first use and owns `open`. Results come grouped by chat,
 * newest first; a click opens the chat at that message.
 */
export function SearchDialog({
  open,
  setOpen,
  trigger,
}: {
  open: boolean;
  setOpen: (open: boolean) => void;
  /** The header button: focus goes back to it when the dialog closes. */
  trigger: RefObject<HTMLButtonElement | null>;
}) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const session = useWhatsAppNumber();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const query = useDebounced(filters, 250);
  const enabled = open && query.q.trim().length > 0;

  const results = useInfiniteQuery({
    queryKey: [...keys.messages.all, session, 'search', query],
    queryFn: ({ pageParam }) =>
      api<SearchResults>(searchPath(query, pageParam), { session: query.all ? undefined : session }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
  const pages = results.data?.pages ?? [];
  const chats = pages[0]?.chats ?? [];
  // Consecutive pages can continue the same chat: merge them so each chat is one group.
  const groups: SearchResults['groups'] = [];
  for (const page of pages)
    for (const group of page.groups) {
      const last = groups.at(-1);
      if (last && last.chat.id === group.chat.id) last.hits = [...last.hits, ...group.hits];
      else groups.push({ chat: group.chat, hits: [...group.hits] });
    }
  const when = new Intl.DateTimeFormat(locale === 'es' ? 'es-CL' : 'en', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const go = (chatId: number, messageId?: number) => {
    setOpen(false);
    router.push(`/chats?chat=${chatId}${messageId ? `&message=${messageId}` : ''}`);
  };
  const title = (c: SearchResults['chats'][number]) =>
    `${c.name ?? displayPhone(c.phone) ?? c.waId}${query.all ? ` · ${c.session}` : ''}`;

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-950/50" />
        <Dialog.Content
          aria-describedby={undefined}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            trigger.current?.focus();
          }}
          className="fixed top-4 left-1/2 z-50 flex max-h-[calc(100dvh-2rem)] w-[min(96vw,44rem)] -translate-x-1/2 flex-col rounded-xl bg-white shadow-xl md:top-16 dark:bg-slate-900"
        >
          <div className="flex items-center gap-2 border-b border-slate-200 p-3 dark:border-slate-800">
            <Dialog.Title className="sr-only">{t.find.title}</Dialog.Title>
            <Search aria-hidden className="size-5 shrink-0 text-slate-500" />
            <Input
              autoFocus
              type="search"
              aria-label={t.find.title}
              placeholder={t.find.placeholder}
              value={filters.q}
              maxLength={200}
              onChange={(e) => set({ q: e.target.value })}
              className="border-0 shadow-none focus:ring-0"
            />
            <CloseButton label={t.common.close} />
          </div>
          <SearchFilters filters={filters} set={set} />
          <div className="min-h-0 flex-1 overflow-y-auto p-3" data-testid="search-results">
            {!enabled && <p className="text-sm text-slate-600 dark:text-slate-400">{t.find.hint}</p>}
            {enabled && results.isPending && <p className="text-sm text-slate-600">{t.common.loading}</p>}
            {results.isError && <p className="text-sm text-red-700">{t.common.error}</p>}
            {chats.length > 0 && (
              <section className="mb-3">
                <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
                  {t.find.chats}
                </h3>
                <ul>
                  {chats.map((c) => (
                    <li key={c.id}>
                      <button
                        type="button"
                        onClick={() => go(c.id)}
                        className="w-full rounded px-2 py-1.5 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
                      >
                        {title(c)}
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            )}
            {enabled && results.isSuccess && groups.length === 0 && chats.length === 0 && (
              <p className="text-sm text-slate-600 dark:text-slate-400">{t.find.none}</p>
            )}
            {groups.length > 0 && (
              <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
                {t.find.messages}
              </h3>
            )}
            {groups.map((group) => (
              <section key={group.chat.id} data-testid="search-group" className="mb-3">
                <h4 className="px-2 text-sm font-semibold">{title(group.chat)}</h4>
                <ul>
                  {group.hits.map((hit) => (
                    <li key={hit.id}>
                      <button
                        type="button"
                        data-testid="search-hit"
                        onClick={() => go(hit.chatId, hit.id)}
                        className="w-full rounded px-2 py-1.5 text-left hover:bg-slate-100 dark:hover:bg-slate-800"
                      >
                        <span className="block text-xs text-slate-500">
                          {hit.fromMe ? t.find.you : (hit.senderName ?? hit.senderWid?.split('@')[0] ?? '')}
                          {' · '}
                          {when.format(new Date(hit.timestamp))}
                        </span>
                        <Snippet segments={hit.snippet} />
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
            {results.hasNextPage && (
              <Button
                variant="secondary"
                disabled={results.isFetchingNextPage}
                onClick={() => void results.fetchNextPage()}
              >
                {t.find.more}
              </Button>
            )}
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
