'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { ArrowLeft, Download } from 'lucide-react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { chatIdToPhone } from '@/lib/operators/operator-chat';
import { REQUEST_STATUSES, type RequestStatus } from '@/lib/reservations/request-status';
import { api, V1 } from '../api';
import type { Page } from '../chats/types';
import { useI18n } from '../i18n';
import { useLiveRefetch } from '../live/live-events';
import { keys } from '../query-keys';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { EmptyState, Skeleton } from '../ui/card';
import { cn } from '../ui/cn';
import { RequestDetail } from './request-detail';
import { STATUS_TONE } from './status-tone';
import type { RequestItem } from './types';

/**
 * Requests by status, arriving live; the selected one's detail beside the list, or instead of it where both
 * do not fit (with a way back). Filter and selection in the URL.
 */
export function RequestsScreen({ canWrite }: { canWrite: boolean }) {
  const { t, locale } = useI18n();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const rawStatus = params.get('status');
  const status = (REQUEST_STATUSES as readonly string[]).includes(rawStatus ?? '')
    ? (rawStatus as RequestStatus)
    : null;
  const selected = Number(params.get('id')) || null;
  const go = (next: { status?: string | null; id?: number | null }) => {
    const search = new URLSearchParams();
    const s = next.status === undefined ? status : next.status;
    const i = next.id === undefined ? selected : next.id;
    if (s) search.set('status', s);
    if (i) search.set('id', String(i));
    router.replace(`${pathname}?${search}`, { scroll: false });
  };
  const refetchInterval = useLiveRefetch();
  const query = useInfiniteQuery({
    queryKey: keys.requests.list({ status }),
    queryFn: ({ pageParam }) =>
      api<Page<RequestItem>>(
        `${V1}/reservation-requests/?limit=50${status ? `&status=${status}` : ''}${pageParam ? `&cursor=${pageParam}` : ''}`,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const when = new Intl.DateTimeFormat(locale === 'es' ? 'es-CL' : 'en', {
    dateStyle: 'short',
    timeStyle: 'short',
  });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div role="tablist" aria-label={t.requests.status} className="flex flex-wrap gap-1 text-sm">
          {[null, ...REQUEST_STATUSES].map((value) => (
            <button
              key={value ?? 'all'}
              type="button"
              role="tab"
              aria-selected={status === value}
              onClick={() => go({ status: value, id: null })}
              className={cn(
                'rounded-md px-2.5 py-1 touch:min-h-11',
                status === value
                  ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900'
                  : 'hover:bg-slate-100 dark:hover:bg-slate-800',
              )}
            >
              {value ? t.requests.statuses[value] : t.requests.all}
            </button>
          ))}
        </div>
        <a
          href={`${V1}/reservation-requests/export/?format=csv${status ? `&status=${status}` : ''}`}
          download
          className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 px-2.5 py-1 text-sm hover:bg-slate-50 touch:min-h-11 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          <Download aria-hidden className="size-4" />
          {t.find.exportRequests}
        </a>
      </div>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,28rem)]">
        <div className={cn('min-w-0 lg:block', selected && 'hidden')}>
          {query.isPending ? (
            <Skeleton className="h-80 w-full" />
          ) : items.length === 0 ? (
            <EmptyState title={t.requests.empty} hint={t.requests.emptyHint} />
          ) : (
            <ul className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
              {items.map((item) => (
                <li key={item.id}>
                  <button
                    type="button"
                    data-testid="request-row"
                    aria-current={item.id === selected ? 'true' : undefined}
                    onClick={() => go({ id: item.id })}
                    className={cn(
                      'flex w-full flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 text-left text-sm',
                      item.id === selected
                        ? 'bg-brand-50 dark:bg-brand-700/20'
                        : 'hover:bg-slate-50 dark:hover:bg-slate-800/60',
                    )}
                  >
                    <span className="font-mono font-semibold">{item.code}</span>
                    <Badge tone={STATUS_TONE[item.status]}>{t.requests.statuses[item.status]}</Badge>
                    <span className="min-w-0 flex-1 truncate">{item.experience?.title ?? '—'}</span>
                    <span className="text-slate-600 dark:text-slate-400">
                      {item.customerChat.name ?? chatIdToPhone(item.customerChat.waId) ?? t.chats.noName}
                    </span>
                    <span className="text-xs text-slate-600 dark:text-slate-400">
                      {when.format(new Date(item.createdAt))}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {query.hasNextPage && (
            <Button
              variant="secondary"
              className="mt-3"
              onClick={() => void query.fetchNextPage()}
              disabled={query.isFetchingNextPage}
            >
              {t.experiences.next}
            </Button>
          )}
        </div>
        <div className="min-w-0">
          {selected ? (
            <>
              <Button variant="ghost" className="mb-2 -ml-2 lg:hidden" onClick={() => go({ id: null })}>
                <ArrowLeft aria-hidden className="size-4" />
                {t.requests.back}
              </Button>
              <RequestDetail key={selected} id={selected} canWrite={canWrite} />
            </>
          ) : (
            <p className="hidden rounded-xl border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 lg:block dark:border-slate-700 dark:text-slate-400">
              {t.requests.pick}
            </p>
          )}
        </div>
      </div>
    </div>
  );
}
