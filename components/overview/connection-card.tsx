'use client';

import { ArrowRight, Smartphone } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { STATUS_TONE } from '../connection/status-tone';
import { useI18n } from '../i18n';
import { Badge } from '../ui/badge';
import { Card } from '../ui/card';
import { cn } from '../ui/cn';
import type { OverviewView } from './types';

export const linkButton =
  'inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 touch:min-h-11 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800';

/**
 * Heartbeats do not come through the live stream (they are not news), so the card ages the last one itself:
 * the age the server saw at `generatedAt`, plus the time since the answer arrived (no clock skew involved).
 */
function useHeartbeatAge(overview: OverviewView, fetchedAt: number): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(timer);
  }, []);
  const heartbeatAt = overview.connection?.worker.heartbeatAt;
  if (!heartbeatAt) return null;
  const atFetch = (Date.parse(overview.generatedAt) - Date.parse(heartbeatAt)) / 1000;
  return Math.max(0, Math.round(atFetch + (Math.max(now, fetchedAt) - fetchedAt) / 1000));
}

/** The connection in plain words with what to do next, and the way to the Conexión page. */
export function ConnectionCard({
  overview,
  fetchedAt,
  className,
}: {
  overview: OverviewView;
  fetchedAt: number;
  className?: string;
}) {
  const { t, format } = useI18n();
  const o = t.overview;
  const connection = overview.connection;
  const age = useHeartbeatAge(overview, fetchedAt);
  const alive = age !== null && age <= overview.workerStaleSeconds;
  return (
    <Card className={cn('flex flex-col gap-4', className)}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="flex items-center gap-2 font-medium">
          <Smartphone aria-hidden className="size-4" />
          {o.connection}
        </h2>
        {connection && (
          <Badge tone={alive ? STATUS_TONE[connection.status] : 'red'} className="text-sm">
            <span data-testid="overview-status">
              {alive ? t.sessionStatus[connection.status] : o.workerDown}
            </span>
          </Badge>
        )}
      </div>
      {connection ? (
        <>
          <p className="text-slate-700 dark:text-slate-300">{t.connection.what[connection.status]}</p>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-600 dark:text-slate-400">{o.phone}</dt>
            <dd>
              {connection.phone
                ? `+${connection.phone}${connection.pushName ? ` · ${connection.pushName}` : ''}`
                : '—'}
            </dd>
            <dt className="text-slate-600 dark:text-slate-400">{t.connection.heartbeat}</dt>
            <dd
              className={
                alive
                  ? 'text-emerald-700 dark:text-emerald-400'
                  : 'font-medium text-red-700 dark:text-red-400'
              }
            >
              {alive ? format(o.workerAlive, { seconds: age ?? 0 }) : o.workerDown}
            </dd>
          </dl>
        </>
      ) : (
        <div>
          <p className="font-medium">{o.workerNever}</p>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{o.workerNeverHint}</p>
        </div>
      )}
      <div className="mt-auto">
        <Link href="/connection" className={linkButton}>
          {o.goToConnection}
          <ArrowRight aria-hidden className="size-4" />
        </Link>
      </div>
    </Card>
  );
}
