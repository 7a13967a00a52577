'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AlertTriangle } from 'lucide-react';
import { ApiError, api, V1 } from '../api';
import { useI18n } from '../i18n';
import { keys } from '../query-keys';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { toast } from '../ui/toast';
import { useWhatsAppNumber } from '../whatsapp-number';

interface ParkedView {
  items: { id: number; chatId: number; chatName: string | null; error: string | null; attempts: number }[];
  total: number;
}

/**
 * Messages whose processing (reservation codes, webhooks) failed twice and wait for a person. Hidden while
 * there are none; "Reintentar" hands one back to the worker, which processes it within seconds.
 */
export function ParkedMessagesCard({
  canWrite,
  refetchInterval,
}: {
  canWrite: boolean;
  refetchInterval: number | false;
}) {
  const { t, format } = useI18n();
  const o = t.overview;
  const client = useQueryClient();
  const session = useWhatsAppNumber();
  const { data } = useQuery({
    queryKey: keys.overview.parked(session),
    queryFn: () => api<ParkedView>(`${V1}/parked-messages/?limit=20`, { session }),
    refetchInterval,
  });
  const replay = useMutation({
    mutationFn: (id: number) => api(`${V1}/parked-messages/${id}/replay/`, { method: 'POST', session }),
    onSuccess: () => {
      toast.success(o.parkedReplayed);
      void client.invalidateQueries({ queryKey: keys.overview.all });
    },
    onError: (error) => toast.error(error instanceof ApiError ? error.message : t.common.error),
  });
  if (!data || data.total === 0) return null;
  return (
    <Card className="border-amber-300 dark:border-amber-900">
      <h2 className="flex items-center gap-2 font-medium">
        <AlertTriangle aria-hidden className="size-4 text-amber-700 dark:text-amber-400" />
        {o.parkedTitle}
      </h2>
      <p
        data-testid="parked-messages"
        className="mt-2 text-3xl font-semibold tabular-nums text-amber-700 dark:text-amber-400"
      >
        {data.total.toLocaleString()}
      </p>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{o.parkedHint}</p>
      <ul className="mt-3 space-y-2">
        {data.items.map((m) => (
          <li key={m.id} className="flex items-start justify-between gap-3 text-sm">
            <div className="min-w-0">
              <p className="font-medium">{m.chatName ?? format(o.parkedChat, { id: m.chatId })}</p>
              <p className="truncate text-slate-600 dark:text-slate-400" title={m.error ?? undefined}>
                {format(m.attempts === 1 ? o.parkedFailedOnce : o.parkedFailedMany, { count: m.attempts })}
                {m.error ? ` · ${m.error}` : ''}
              </p>
            </div>
            {canWrite && (
              <Button size="sm" onClick={() => replay.mutate(m.id)} disabled={replay.isPending}>
                {o.parkedReplay}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
