'use client';

import { BarChart3 } from 'lucide-react';
import { useMemo } from 'react';
import { useI18n } from '../i18n';
import { Card } from '../ui/card';
import { cn } from '../ui/cn';
import type { OverviewView } from './types';

/**
 * Messages per hour for the last 24 hours as stacked CSS bars (received below, sent above). The picture is
 * for the eye; screen readers get the same numbers as a table.
 */
export function HourlyChart({
  overview,
  emptyHint,
  className,
}: {
  overview: OverviewView;
  emptyHint: string;
  className?: string;
}) {
  const { t, format, locale } = useI18n();
  const o = t.overview;
  const hourFormat = useMemo(
    () =>
      new Intl.DateTimeFormat(locale === 'es' ? 'es-CL' : 'en-GB', {
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone: overview.timeZone,
      }),
    [locale, overview.timeZone],
  );
  const hours = overview.perHour.map((h) => ({ ...h, label: hourFormat.format(new Date(h.start)) }));
  const peak = Math.max(0, ...hours.map((h) => h.inbound + h.outbound));
  const scale = Math.max(peak, 1);
  return (
    <Card className={cn('flex flex-col', className)}>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h2 className="flex items-center gap-2 font-medium">
          <BarChart3 aria-hidden className="size-4" />
          {o.perHour}
        </h2>
        <div className="flex items-center gap-4 text-xs text-slate-600 dark:text-slate-400">
          <span className="flex items-center gap-1.5">
            <span aria-hidden className="size-2.5 rounded-sm bg-brand-600" />
            {o.inbound}
          </span>
          <span className="flex items-center gap-1.5">
            <span aria-hidden className="size-2.5 rounded-sm bg-sky-400" />
            {o.outbound}
          </span>
        </div>
      </div>
      {peak === 0 ? (
        <p className="flex min-h-44 flex-1 items-center justify-center rounded-lg border border-dashed border-slate-300 px-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {emptyHint}
        </p>
      ) : (
        <>
          <p className="mb-1 text-xs text-slate-600 dark:text-slate-400">{format(o.peak, { count: peak })}</p>
          <div
            role="img"
            aria-label={o.chartLabel}
            className="flex min-h-40 flex-1 items-end gap-[3px] border-b border-slate-300 dark:border-slate-700"
          >
            {hours.map((h) => {
              const total = h.inbound + h.outbound;
              return (
                <div
                  key={h.start}
                  title={`${h.label} · ${o.inbound}: ${h.inbound} · ${o.outbound}: ${h.outbound}`}
                  className="flex h-full min-w-0 flex-1 flex-col justify-end"
                >
                  <div
                    className="flex flex-col overflow-hidden rounded-t-sm"
                    style={{ height: `${(total / scale) * 100}%` }}
                  >
                    <div className="bg-sky-400" style={{ flexGrow: h.outbound }} />
                    <div className="bg-brand-600" style={{ flexGrow: h.inbound }} />
                  </div>
                </div>
              );
            })}
          </div>
          <div
            aria-hidden
            className="mt-1 flex gap-[3px] text-[10px] text-slate-600 tabular-nums dark:text-slate-400"
          >
            {hours.map((h, i) => (
              <span key={h.start} className="min-w-0 flex-1 text-center">
                {i % 4 === 3 ? h.label : ''}
              </span>
            ))}
          </div>
          <table className="sr-only">
            <caption>{o.perHour}</caption>
            <thead>
              <tr>
                <th scope="col">{o.hour}</th>
                <th scope="col">{o.inbound}</th>
                <th scope="col">{o.outbound}</th>
              </tr>
            </thead>
            <tbody>
              {hours.map((h) => (
                <tr key={h.start}>
                  <th scope="row">{h.label}</th>
                  <td>{h.inbound}</td>
                  <td>{h.outbound}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}
