'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Play, QrCode, Square } from 'lucide-react';
import { useRouter } from 'next/navigation';
import type { SessionStatusView } from '@/lib/api/schemas/responses';
import { api, V1 } from '../api';
import { useI18n } from '../i18n';
import { useLiveRefetch } from '../live/live-events';
import { keys } from '../query-keys';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, ErrorNote, Skeleton } from '../ui/card';
import { ConfirmButton } from '../ui/confirm-button';
import { toast } from '../ui/toast';
import { useWhatsAppNumber } from '../whatsapp-number';
import { megabytes, phoneLine, useAgo } from './health';
import { AddNumber, DeleteNumber, RenameNumber } from './number-dialogs';
import { STATUS_TONE } from './status-tone';

type Choose = (form: FormData) => Promise<void>;

function useNumbers() {
  const refetchInterval = useLiveRefetch(10_000);
  return useQuery({
    queryKey: keys.numbers.all,
    queryFn: () => api<{ items: SessionStatusView[] }>(`${V1}/sessions/`),
    refetchInterval,
  });
}

/**
 * Conexión's list of WhatsApp numbers: each with its status, whether it waits for a worker, its health, and
 * (for superadmins) start/stop, rename and delete. "Ver y vincular" puts a number on screen: the panel below
 * shows its QR or pairing code, its health and restart/sign-out, and every other page shows its chats.
 */
export function NumbersList({ canAct, choose }: { canAct: boolean; choose: Choose }) {
  const { t, errorText } = useI18n();
  const { data, error, refetch } = useNumbers();
  const current = useWhatsAppNumber();
  const router = useRouter();
  const client = useQueryClient();
  const show = async (name: string) => {
    const form = new FormData();
    form.set('session', name);
    await choose(form);
    router.refresh();
  };
  const changed = () => {
    void client.invalidateQueries({ queryKey: keys.numbers.all });
    void client.invalidateQueries({ queryKey: keys.session.all });
    router.refresh();
  };
  if (error)
    return (
      <ErrorNote message={errorText(error)} onRetry={() => void refetch()} retryLabel={t.common.retry} />
    );
  return (
    <Card className="mb-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="font-medium">{t.numbers.title}</h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t.numbers.hint}</p>
        </div>
        {canAct && (
          <AddNumber
            onAdded={async (name) => {
              await show(name);
              changed();
            }}
          />
        )}
      </div>
      {!data ? (
        <Skeleton className="mt-4 h-24 w-full" />
      ) : data.items.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">{t.numbers.empty}</p>
      ) : (
        <ul className="mt-4 divide-y divide-slate-200 dark:divide-slate-800" data-testid="numbers-list">
          {data.items.map((n) => (
            <NumberRow
              key={n.session}
              number={n}
              current={n.session === current}
              canAct={canAct}
              onShow={() => void show(n.session)}
              onChanged={changed}
            />
          ))}
        </ul>
      )}
    </Card>
  );
}

function NumberRow({
  number: n,
  current,
  canAct,
  onShow,
  onChanged,
}: {
  number: SessionStatusView;
  current: boolean;
  canAct: boolean;
  onShow: () => void;
  onChanged: () => void;
}) {
  const { t, errorText } = useI18n();
  const ago = useAgo();
  const act = useMutation({
    mutationFn: (action: 'start' | 'stop') =>
      api(`${V1}/sessions/${encodeURIComponent(n.session)}/${action}/`, { method: 'POST' }),
    onSuccess: () => {
      toast.success(t.connection.queued);
      onChanged();
    },
    onError: (e) => toast.error(errorText(e)),
  });
  const stopped = n.desiredState === 'stopped';
  return (
    <li className="py-3" data-testid={`number-${n.session}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 font-medium">
            <span className="wrap-anywhere">{n.label ?? n.session}</span>
            {n.label && <span className="font-mono text-xs text-slate-500">{n.session}</span>}
            {current && <Badge tone="blue">{t.numbers.current}</Badge>}
          </p>
          <p className="text-sm text-slate-600 dark:text-slate-400">{phoneLine(n)}</p>
        </div>
        <div className="flex flex-wrap gap-1">
          {stopped && <Badge tone="slate">{t.numbers.stopped}</Badge>}
          {n.waiting && <Badge tone="amber">{t.numbers.waiting}</Badge>}
          <Badge tone={STATUS_TONE[n.status]}>
            <span data-testid="number-status">{t.sessionStatus[n.status]}</span>
          </Badge>
        </div>
      </div>
      {n.waiting && (
        <p className="mt-1 text-sm text-amber-800 dark:text-amber-300">
          {n.waiting.reason === 'workers_full' ? t.numbers.workersFull : t.numbers.noWorker}
        </p>
      )}
      {!stopped && n.status === 'qr' && n.phone && (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t.numbers.movedHint}</p>
      )}
      <p className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
        <span>
          {t.connection.heartbeat}: {ago(n.worker.heartbeatAt)}
        </span>
        <span>
          {t.connection.version}: {n.waVersion ?? '—'}
        </span>
        <span>
          {t.connection.restarts}: {n.consecutiveRestarts}
        </span>
        <span>
          {t.connection.chromium}: {megabytes(n.worker.chromiumRssMb)}
        </span>
        {n.worker.host && (
          <span>
            {t.numbers.host}: {n.worker.host}
          </span>
        )}
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        {!current && (
          <Button size="sm" variant="secondary" onClick={onShow}>
            <QrCode aria-hidden className="size-4" /> {t.numbers.show}
          </Button>
        )}
        {canAct &&
          (stopped ? (
            <Button
              size="sm"
              variant="secondary"
              onClick={() => act.mutate('start')}
              disabled={act.isPending}
            >
              <Play aria-hidden className="size-4" /> {t.numbers.start}
            </Button>
          ) : (
            <ConfirmButton
              icon={<Square aria-hidden className="size-4" />}
              label={t.numbers.stop}
              title={t.numbers.stopTitle}
              description={t.numbers.stopBody}
              cancelLabel={t.connection.cancel}
              danger={false}
              onConfirm={() => act.mutateAsync('stop')}
            />
          ))}
        {canAct && <RenameNumber number={n} onDone={onChanged} />}
        {canAct && <DeleteNumber number={n} onDone={onChanged} />}
      </div>
    </li>
  );
}
