'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { useLiveRefetch } from '../live/live-events';
import { keys } from '../query-keys';
import { ErrorNote, Skeleton } from '../ui/card';
import { useWhatsAppNumber } from '../whatsapp-number';
import { FailedNotificationsCard, MessagesTodayCard, RequestsCard } from './activity-cards';
import { ConnectionCard } from './connection-card';
import { HourlyChart } from './hourly-chart';
import { ParkedMessagesCard } from './parked-messages-card';
import type { OverviewView } from './types';

/**
 * The first page: connection, today's activity and requests at a glance. Refetched when the live stream says
 * a message, a request or the session changed (the `overview` key root); polled only when the stream is down.
 * "Today" and the hours are the reader's own, in the browser's time zone.
 */
export function OverviewScreen({ canWrite }: { canWrite: boolean }) {
  const { t, errorText } = useI18n();
  const [timeZone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const session = useWhatsAppNumber();
  const refetchInterval = useLiveRefetch(15_000);
  const { data, error, refetch, dataUpdatedAt } = useQuery({
    queryKey: keys.overview.summary(session, timeZone),
    queryFn: () =>
      api<OverviewView>(`/api/v1/superadmin/overview/?tz=${encodeURIComponent(timeZone)}`, { session }),
    refetchInterval,
  });
  if (error)
    return (
      <ErrorNote message={errorText(error)} onRetry={() => void refetch()} retryLabel={t.common.retry} />
    );
  if (!data)
    return (
      <div className="grid gap-6 lg:grid-cols-3" aria-busy="true">
        <Skeleton className="h-56 lg:col-span-2" />
        <Skeleton className="h-56" />
        <Skeleton className="h-64 lg:col-span-2" />
        <Skeleton className="h-64" />
      </div>
    );
  const ready = data.connection?.status === 'ready';
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <ConnectionCard overview={data} fetchedAt={dataUpdatedAt} className="lg:col-span-2" />
      <MessagesTodayCard overview={data} />
      <HourlyChart
        overview={data}
        emptyHint={ready ? t.overview.quietDay : t.overview.noMessages}
        className="lg:col-span-2"
      />
      <div className="space-y-6">
        <ParkedMessagesCard canWrite={canWrite} refetchInterval={refetchInterval} />
        <FailedNotificationsCard overview={data} />
        <RequestsCard overview={data} />
      </div>
    </div>
  );
}
