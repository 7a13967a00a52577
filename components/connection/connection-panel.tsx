'use client';

import { useMutation } from '@tanstack/react-query';
import { LogOut, RefreshCw, RotateCcw } from 'lucide-react';
import { api, V1 } from '../api';
import { useI18n } from '../i18n';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, ErrorNote, Skeleton } from '../ui/card';
import { ConfirmButton } from '../ui/confirm-button';
import { toast } from '../ui/toast';
import { PHONE_QUERY, useMediaQuery } from '../ui/use-media-query';
import { useWhatsAppNumber } from '../whatsapp-number';
import { megabytes, phoneLine, useAgo } from './health';
import { QrPanel } from './qr-panel';
import { STATUS_TONE } from './status-tone';
import { useSessionStatus } from './use-session-status';

/** Turns a raw error into what to do about it. */
function hintFor(error: string, hints: Record<'chromium' | 'network' | 'ready' | 'generic', string>) {
  if (/chromium|chrome_path/i.test(error)) return hints.chromium;
  if (/ERR_NAME_NOT_RESOLVED|ERR_INTERNET|ENOTFOUND|net::/i.test(error)) return hints.network;
  if (/ready did not arrive|ready timeout|Evaluation failed/i.test(error)) return hints.ready;
  return hints.generic;
}

export function ConnectionPanel({ canAct }: { canAct: boolean }) {
  const { t, errorText } = useI18n();
  const ago = useAgo();
  const session = useWhatsAppNumber();
  const { data, error, refetch } = useSessionStatus();
  const onPhone = useMediaQuery(PHONE_QUERY);
  const sync = useMutation({
    mutationFn: () => api(`${V1}/sync/`, { method: 'POST', json: {}, session }),
    onSuccess: () => toast.success(t.connection.queued),
    onError: (e) => toast.error(errorText(e)),
  });
  const act = useMutation({
    mutationFn: (action: 'restart' | 'logout') =>
      api(`${V1}/session/${action}/`, { method: 'POST', session }),
    onSuccess: () => toast.success(t.connection.queued),
    onError: (e) => toast.error(errorText(e)),
  });
  if (error)
    return (
      <ErrorNote message={errorText(error)} onRetry={() => void refetch()} retryLabel={t.common.retry} />
    );
  if (!data) return <Skeleton className="h-96 w-full" />;

  const stopped = data.desiredState === 'stopped';
  const showQr = !stopped && (data.status === 'qr' || data.status === 'pairing');
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <Badge tone={STATUS_TONE[data.status]} className="text-sm">
            <span data-testid="session-status">{t.sessionStatus[data.status]}</span>
          </Badge>
          {canAct && (
            <div className="flex flex-wrap gap-2">
              {data.status === 'ready' && (
                <Button variant="secondary" size="sm" onClick={() => sync.mutate()} disabled={sync.isPending}>
                  <RefreshCw aria-hidden className="size-4" /> {t.connection.syncChats}
                </Button>
              )}
              <ConfirmButton
                icon={<RotateCcw aria-hidden className="size-4" />}
                label={t.connection.restart}
                title={t.connection.restartTitle}
                description={t.connection.restartBody}
                cancelLabel={t.connection.cancel}
                danger={false}
                onConfirm={() => act.mutateAsync('restart')}
              />
              {data.phone && (
                <ConfirmButton
                  icon={<LogOut aria-hidden className="size-4" />}
                  label={t.connection.logout}
                  title={t.connection.logoutTitle}
                  description={t.connection.logoutBody}
                  cancelLabel={t.connection.cancel}
                  onConfirm={() => act.mutateAsync('logout')}
                />
              )}
            </div>
          )}
        </div>
        <p className="mt-4 text-slate-700 dark:text-slate-300">
          {/* A phone cannot scan its own screen: it is told to pair by number instead (QrPanel). */}
          {stopped
            ? t.numbers.stoppedWhat
            : data.waiting
              ? data.waiting.reason === 'workers_full'
                ? t.numbers.workersFull
                : t.numbers.noWorker
              : onPhone && canAct && data.status === 'qr'
                ? t.connection.phoneFirst
                : t.connection.what[data.status]}
        </p>
        {!data.worker.alive && (
          <p className="mt-2 text-sm text-red-700 dark:text-red-400">{t.connection.workerDown}</p>
        )}
        {showQr && canAct && (
          <div className="mt-6">
            <QrPanel status={data.status as 'qr' | 'pairing'} canAct={canAct} />
          </div>
        )}
      </Card>
      <Card>
        <h2 className="mb-3 font-medium">{t.connection.health}</h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="text-slate-600 dark:text-slate-400">{t.connection.phone}</dt>
          <dd className="wrap-anywhere">{phoneLine(data)}</dd>
          <dt className="text-slate-600 dark:text-slate-400">{t.connection.heartbeat}</dt>
          <dd className={data.worker.alive ? '' : 'text-red-700 dark:text-red-400'}>
            {ago(data.worker.heartbeatAt)}
          </dd>
          <dt className="text-slate-600 dark:text-slate-400">{t.connection.version}</dt>
          <dd>{data.waVersion ?? '—'}</dd>
          <dt className="text-slate-600 dark:text-slate-400">{t.connection.restarts}</dt>
          <dd>{data.consecutiveRestarts}</dd>
          <dt className="text-slate-600 dark:text-slate-400">{t.connection.chromium}</dt>
          <dd>{megabytes(data.worker.chromiumRssMb)}</dd>
          <dt className="text-slate-600 dark:text-slate-400">{t.connection.workerMemory}</dt>
          <dd>{megabytes(data.worker.workerRssMb)}</dd>
        </dl>
        {data.lastError && (
          <div className="mt-4 rounded-md bg-amber-50 p-3 text-sm dark:bg-amber-950">
            <p className="font-medium">{t.connection.lastError}</p>
            <p className="mt-1 break-words text-slate-700 dark:text-slate-300">{data.lastError}</p>
            <p className="mt-2 text-slate-700 dark:text-slate-300">
              {hintFor(data.lastError, t.connection.hints)}
            </p>
          </div>
        )}
      </Card>
    </div>
  );
}
