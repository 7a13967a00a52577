'use client';

import {
  AlertTriangle,
  ArrowDownLeft,
  ArrowRight,
  ArrowUpRight,
  CalendarCheck,
  CheckCircle2,
  MessageSquare,
} from 'lucide-react';
import Link from 'next/link';
import { REQUEST_STATUSES, type RequestStatus } from '@/lib/reservations/request-status';
import { useI18n } from '../i18n';
import { Card } from '../ui/card';
import { cn } from '../ui/cn';
import { linkButton } from './connection-card';
import type { OverviewView } from './types';

const DOT: Record<RequestStatus, string> = {
  detected: 'bg-slate-400',
  matched: 'bg-sky-500',
  unmatched: 'bg-amber-500',
  notified: 'bg-sky-600',
  notify_failed: 'bg-red-600',
  confirmed: 'bg-emerald-600',
  rejected: 'bg-slate-600',
};

export function MessagesTodayCard({ overview }: { overview: OverviewView }) {
  const { t } = useI18n();
  const o = t.overview;
  const { inbound, outbound } = overview.messagesToday;
  return (
    <Card>
      <h2 className="mb-4 flex items-center gap-2 font-medium">
        <MessageSquare aria-hidden className="size-4" />
        {o.messagesToday}
      </h2>
      <dl className="grid grid-cols-2 gap-4">
        {[
          {
            id: 'inbound',
            label: o.inbound,
            value: inbound,
            icon: ArrowDownLeft,
            tone: 'text-brand-700 dark:text-brand-500',
          },
          {
            id: 'outbound',
            label: o.outbound,
            value: outbound,
            icon: ArrowUpRight,
            tone: 'text-sky-700 dark:text-sky-400',
          },
        ].map(({ id, label, value, icon: Icon, tone }) => (
          <div key={id} className="rounded-lg bg-slate-50 p-3 dark:bg-slate-800/60">
            <dt className="flex items-center gap-1 text-sm text-slate-600 dark:text-slate-400">
              <Icon aria-hidden className={cn('size-4', tone)} />
              {label}
            </dt>
            <dd data-testid={`messages-${id}`} className="mt-1 text-3xl font-semibold tabular-nums">
              {value.toLocaleString()}
            </dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

export function FailedNotificationsCard({ overview }: { overview: OverviewView }) {
  const { t } = useI18n();
  const o = t.overview;
  const failed = overview.failedNotifications;
  return (
    <Card className={failed > 0 ? 'border-red-300 dark:border-red-900' : undefined}>
      <h2 className="flex items-center gap-2 font-medium">
        {failed > 0 ? (
          <AlertTriangle aria-hidden className="size-4 text-red-700 dark:text-red-400" />
        ) : (
          <CheckCircle2 aria-hidden className="size-4 text-emerald-700 dark:text-emerald-400" />
        )}
        {o.failedNotifications}
      </h2>
      <p
        data-testid="failed-notifications"
        className={cn(
          'mt-2 text-3xl font-semibold tabular-nums',
          failed > 0 && 'text-red-700 dark:text-red-400',
        )}
      >
        {failed.toLocaleString()}
      </p>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        {failed > 0 ? o.failedHint : o.failedNone}
      </p>
      {failed > 0 && (
        <Link href="/requests?status=notify_failed" className={cn(linkButton, 'mt-3')}>
          {o.failedLink}
          <ArrowRight aria-hidden className="size-4" />
        </Link>
      )}
    </Card>
  );
}

export function RequestsCard({ overview }: { overview: OverviewView }) {
  const { t, format } = useI18n();
  const o = t.overview;
  const total = REQUEST_STATUSES.reduce((sum, s) => sum + overview.requests[s], 0);
  return (
    <Card>
      <div className="mb-3 flex items-baseline justify-between gap-2">
        <h2 className="flex items-center gap-2 font-medium">
          <CalendarCheck aria-hidden className="size-4" />
          {o.requestsByStatus}
        </h2>
        {total > 0 && (
          <span className="text-xs text-slate-600 dark:text-slate-400">
            {format(o.requestsTotal, { count: total })}
          </span>
        )}
      </div>
      {total === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 p-4 text-sm dark:border-slate-700">
          <p className="font-medium">{o.noRequests}</p>
          <p className="mt-1 text-slate-600 dark:text-slate-400">{o.noRequestsHint}</p>
        </div>
      ) : (
        <ul className="-mx-2">
          {REQUEST_STATUSES.map((status) => {
            const count = overview.requests[status];
            return (
              <li key={status}>
                <Link
                  href={`/requests?status=${status}`}
                  aria-label={format(o.requestsLink, { status: t.requests.statuses[status], count })}
                  className={cn(
                    'flex items-center justify-between gap-3 rounded-md px-2 py-1.5 text-sm hover:bg-slate-100 touch:min-h-11 dark:hover:bg-slate-800',
                    count === 0 && 'text-slate-500 dark:text-slate-400',
                  )}
                >
                  <span className="flex items-center gap-2">
                    <span
                      aria-hidden
                      className={cn(
                        'size-2 rounded-full',
                        count === 0 ? 'bg-slate-300 dark:bg-slate-600' : DOT[status],
                      )}
                    />
                    {t.requests.statuses[status]}
                  </span>
                  <span className="font-medium tabular-nums">{count.toLocaleString()}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      <Link
        href="/requests"
        className="mt-3 inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline touch:min-h-11 dark:text-brand-500"
      >
        {o.viewRequests}
        <ArrowRight aria-hidden className="size-4" />
      </Link>
    </Card>
  );
}
