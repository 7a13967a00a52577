'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { chatIdToPhone } from '@/lib/operators/operator-chat';
import { api, V1 } from '../api';
import type { CommandView } from '../chats/types';
import { useI18n } from '../i18n';
import { keys } from '../query-keys';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, Skeleton } from '../ui/card';
import { toast } from '../ui/toast';
import { STATUS_TONE } from './status-tone';
import type { RequestDetail as Detail } from './types';

/** Everything about one request: the customer's words, where it was routed, the notification, its history. */
export function RequestDetail({ id, canWrite }: { id: number; canWrite: boolean }) {
  const { t, locale, count, errorText } = useI18n();
  const client = useQueryClient();
  const { data } = useQuery({
    queryKey: keys.requests.detail(id),
    queryFn: () => api<Detail>(`${V1}/reservation-requests/${id}/`),
  });
  const notification = useQuery({
    queryKey: keys.commands.detail(data?.notificationCommandId ?? 0),
    queryFn: () =>
      api<CommandView & { payload: { body?: string } }>(`${V1}/commands/${data?.notificationCommandId}/`),
    enabled: Boolean(data?.notificationCommandId),
  });
  const replay = useMutation({
    mutationFn: () => api(`${V1}/reservation-requests/${id}/replay/`, { method: 'POST' }),
    onSuccess: () => {
      toast.success(t.requests.replayed);
      void client.invalidateQueries({ queryKey: keys.requests.all });
    },
    onError: (error) => toast.error(errorText(error)),
  });
  if (!data) return <Skeleton className="h-96 w-full" />;
  const when = new Intl.DateTimeFormat(locale === 'es' ? 'es-CL' : 'en', {
    dateStyle: 'medium',
    timeStyle: 'medium',
  });
  const canReplay = canWrite && (data.status === 'notify_failed' || data.status === 'unmatched');
  return (
    <Card className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <h2 className="font-mono text-lg font-semibold">{data.code}</h2>
          <Badge tone={STATUS_TONE[data.status]}>
            <span data-testid="request-status">{t.requests.statuses[data.status]}</span>
          </Badge>
        </div>
        {canReplay && (
          <Button size="sm" onClick={() => replay.mutate()} disabled={replay.isPending}>
            {t.requests.replay}
          </Button>
        )}
      </div>
      {data.error && (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-200">
          <strong>{t.requests.error}:</strong> {data.error}
        </p>
      )}
      <section>
        <h3 className="text-sm font-medium text-slate-600 dark:text-slate-400">{t.requests.message}</h3>
        <blockquote className="mt-1 rounded-md bg-slate-100 px-3 py-2 text-sm wrap-anywhere dark:bg-slate-800">
          {data.messageBody}
        </blockquote>
        <Link
          href={`/chats?chat=${data.customerChat.id}`}
          className="mt-1 inline-block text-sm text-brand-700 hover:underline dark:text-brand-500"
        >
          {t.requests.openChat}:{' '}
          {data.customerChat.name ?? chatIdToPhone(data.customerChat.waId) ?? t.chats.noName}
        </Link>
      </section>
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm wrap-anywhere">
        {data.reservation && (
          <>
            <dt className="text-slate-600 dark:text-slate-400">{t.requests.reservation}</dt>
            <dd>
              {data.reservation.customerName} · {count(t.requests.partySize, data.reservation.partySize)}
              {data.reservation.date ? ` · ${data.reservation.date}` : ''}
            </dd>
          </>
        )}
        <dt className="text-slate-600 dark:text-slate-400">{t.requests.experience}</dt>
        <dd>{data.experience?.title ?? '—'}</dd>
        <dt className="text-slate-600 dark:text-slate-400">{t.operators.name}</dt>
        <dd>{data.operator?.name ?? '—'}</dd>
        <dt className="text-slate-600 dark:text-slate-400">{t.requests.group}</dt>
        <dd>
          {data.groupChat ? (data.groupChat.name ?? t.chats.noName) : '—'}
          {data.groupSource && (
            <span className="text-slate-600 dark:text-slate-400">
              {' '}
              · {t.experiences.source[data.groupSource]}
            </span>
          )}
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">{t.requests.attempts}</dt>
        <dd>{data.notifyAttempts}</dd>
      </dl>
      {notification.data?.payload.body && (
        <section>
          <h3 className="text-sm font-medium text-slate-600 dark:text-slate-400">
            {t.requests.notification}
          </h3>
          <pre className="mt-1 whitespace-pre-wrap wrap-anywhere rounded-md bg-emerald-50 px-3 py-2 font-sans text-sm dark:bg-emerald-950">
            {notification.data.payload.body}
          </pre>
        </section>
      )}
      <section>
        <h3 className="mb-2 text-sm font-medium text-slate-600 dark:text-slate-400">{t.requests.trace}</h3>
        <ol
          className="space-y-2 border-l border-slate-200 pl-4 dark:border-slate-700"
          data-testid="request-trace"
        >
          {data.trace.map((entry) => (
            <li key={`${entry.at}-${entry.status}-${entry.note ?? ''}`} className="relative text-sm">
              <span
                aria-hidden
                className="absolute top-1.5 -left-[1.32rem] size-2 rounded-full bg-brand-600"
              />
              <p>
                <strong>
                  {t.requests.statuses[entry.status as keyof typeof t.requests.statuses] ?? entry.status}
                </strong>{' '}
                <span className="text-xs text-slate-600 dark:text-slate-400">
                  {when.format(new Date(entry.at))}
                </span>
              </p>
              {entry.note && <p className="text-slate-700 dark:text-slate-300">{entry.note}</p>}
            </li>
          ))}
        </ol>
      </section>
    </Card>
  );
}
