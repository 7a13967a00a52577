'use client';

import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { RefreshCw, RotateCcw } from 'lucide-react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { keys } from '../query-keys';
import { Badge, type Tone } from '../ui/badge';
import { Button } from '../ui/button';
import { ErrorNote, Skeleton } from '../ui/card';
import { TableFrame, Td, Th } from '../ui/table';
import { toast } from '../ui/toast';
import { useFormatDateTime } from './format';
import type { DeliveryRow, DeliveryStatus, Page } from './types';
import { ADMIN_API, useToastError } from './use-settings';

const TONE: Record<DeliveryStatus, Tone> = {
  pending: 'blue',
  delivered: 'green',
  failed: 'amber',
  dead: 'red',
};
const IN_FLIGHT: DeliveryStatus[] = ['pending', 'failed'];

/**
 * One endpoint's delivery log, newest first. Deliveries have no live event of their own, so the list
 * refreshes itself only while some are still on their way (like a command being followed), and stops after.
 */
export function WebhookDeliveries({ endpointId, url }: { endpointId: number; url: string }) {
  const { t, format, errorText } = useI18n();
  const w = t.settings.webhooks;
  const client = useQueryClient();
  const toastError = useToastError();
  const formatDate = useFormatDateTime();
  const query = useInfiniteQuery({
    queryKey: keys.settings.deliveries(endpointId),
    queryFn: ({ pageParam }) =>
      api<Page<DeliveryRow>>(
        `${ADMIN_API}/webhooks/deliveries/?endpointId=${endpointId}&limit=20${pageParam ? `&cursor=${pageParam}` : ''}`,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.items.some((d) => IN_FLIGHT.includes(d.status))) ? 5000 : false,
  });
  const replay = useMutation({
    mutationFn: (id: number) => api(`${ADMIN_API}/webhooks/deliveries/${id}/replay/`, { method: 'POST' }),
    onSuccess: () => {
      toast.success(w.replayed);
      void client.invalidateQueries({ queryKey: keys.settings.deliveries(endpointId) });
      void client.invalidateQueries({ queryKey: keys.settings.webhooks() });
    },
    onError: toastError,
  });
  if (query.error)
    return (
      <ErrorNote
        message={errorText(query.error)}
        onRetry={() => void query.refetch()}
        retryLabel={t.common.retry}
      />
    );
  if (!query.data) return <Skeleton className="h-24 w-full" />;
  const rows = query.data.pages.flatMap((p) => p.items);
  const refresh = (
    <Button size="sm" variant="ghost" disabled={query.isFetching} onClick={() => void query.refetch()}>
      <RefreshCw aria-hidden className="size-3.5" />
      {w.refresh}
    </Button>
  );
  if (rows.length === 0)
    return (
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-600 dark:text-slate-400">{w.noDeliveries}</p>
        {refresh}
      </div>
    );
  return (
    <div className="space-y-3">
      <div className="flex justify-end">{refresh}</div>
      <TableFrame
        variant="compact"
        label={format(w.deliveriesOf, { url })}
        head={
          <tr>
            <Th>{w.event}</Th>
            <Th>{w.status}</Th>
            <Th className="text-right">{w.attempts}</Th>
            <Th>{w.response}</Th>
            <Th>{w.lastError}</Th>
            <Th>{w.createdAt}</Th>
            <Th className="text-right">{t.settings.actions}</Th>
          </tr>
        }
      >
        {rows.map((d) => (
          <tr key={d.id}>
            <Td label={w.event} className="whitespace-nowrap">
              {w.eventNames[d.event] ?? d.event}
            </Td>
            <Td label={w.status}>
              <Badge tone={TONE[d.status]}>{w.statuses[d.status]}</Badge>
            </Td>
            <Td label={w.attempts} className="text-right tabular-nums">
              {d.attempts}
            </Td>
            <Td label={w.response} className="tabular-nums">
              {d.lastStatusCode ?? '—'}
            </Td>
            <Td label={w.lastError} className="max-w-xs">
              {d.lastError ? (
                <span
                  className="line-clamp-2 text-xs break-words text-slate-700 dark:text-slate-300"
                  title={d.lastError}
                >
                  {d.lastError}
                </span>
              ) : (
                '—'
              )}
            </Td>
            <Td label={w.createdAt} className="whitespace-nowrap">
              {formatDate(d.createdAt)}
            </Td>
            <Td className="text-right">
              <Button
                size="sm"
                variant="secondary"
                disabled={replay.isPending}
                onClick={() => replay.mutate(d.id)}
              >
                <RotateCcw aria-hidden className="size-3.5" />
                {w.replay}
              </Button>
            </Td>
          </tr>
        ))}
      </TableFrame>
      {query.hasNextPage && (
        <Button
          variant="secondary"
          size="sm"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {w.more}
        </Button>
      )}
    </div>
  );
}
