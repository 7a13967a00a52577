'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Pencil, Play, Plus, QrCode, Square, Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { toast } from 'sonner';
import type { SessionStatusView } from '@/lib/api/schemas/responses';
import { api, V1 } from '../api';
import { useI18n } from '../i18n';
import { useLiveRefetch } from '../live/live-events';
import { keys } from '../query-keys';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, ErrorNote, Skeleton } from '../ui/card';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Input } from '../ui/input';
import { useWhatsAppNumber } from '../whatsapp-number';
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
  const { t, format, errorText } = useI18n();
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
  const ago = n.worker.heartbeatAt
    ? format(t.connection.secondsAgo, {
        seconds: Math.max(0, Math.round((Date.now() - Date.parse(n.worker.heartbeatAt)) / 1000)),
      })
    : t.connection.never;
  return (
    <li className="py-3" data-testid={`number-${n.session}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 font-medium">
            <span className="wrap-anywhere">{n.label ?? n.session}</span>
            {n.label && <span className="font-mono text-xs text-slate-500">{n.session}</span>}
            {current && <Badge tone="blue">{t.numbers.current}</Badge>}
          </p>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {n.phone ? `+${n.phone}${n.pushName ? ` · ${n.pushName}` : ''}` : '—'}
          </p>
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
          {t.connection.heartbeat}: {ago}
        </span>
        <span>
          {t.connection.version}: {n.waVersion ?? '—'}
        </span>
        <span>
          {t.connection.restarts}: {n.consecutiveRestarts}
        </span>
        <span>
          {t.connection.chromium}: {n.worker.chromiumRssMb !== null ? `${n.worker.chromiumRssMb} MB` : '—'}
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
            <ConfirmDialog
              trigger={
                <Button size="sm" variant="secondary">
                  <Square aria-hidden className="size-4" /> {t.numbers.stop}
                </Button>
              }
              title={t.numbers.stopTitle}
              description={t.numbers.stopBody}
              confirmLabel={t.numbers.stop}
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

function FormDialog({
  trigger,
  title,
  open,
  onOpenChange,
  children,
}: {
  trigger: ReactNode;
  title: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  children: ReactNode;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-950/50" />
        <Dialog.Content
          aria-describedby={undefined}
          className="fixed top-1/2 left-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[min(92vw,28rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-6 shadow-xl dark:bg-slate-900"
        >
          <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function AddNumber({ onAdded }: { onAdded: (name: string) => Promise<unknown> }) {
  const { t, errorText } = useI18n();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const nameId = useId();
  const labelId = useId();
  const create = useMutation({
    mutationFn: () =>
      api(`${V1}/sessions/`, {
        method: 'POST',
        json: { name: name.trim(), ...(label.trim() ? { label: label.trim() } : {}) },
      }),
    onSuccess: async () => {
      toast.success(t.numbers.created);
      setOpen(false);
      await onAdded(name.trim());
      setName('');
      setLabel('');
    },
    onError: (e) => toast.error(errorText(e)),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <FormDialog
      open={open}
      onOpenChange={setOpen}
      title={t.numbers.addTitle}
      trigger={
        <Button size="sm">
          <Plus aria-hidden className="size-4" /> {t.numbers.add}
        </Button>
      }
    >
      <form className="mt-4 space-y-4" onSubmit={submit}>
        <div className="text-sm">
          <label htmlFor={nameId} className="font-medium">
            {t.numbers.name}
          </label>
          <Input
            id={nameId}
            className="mt-1"
            value={name}
            onChange={(e) => setName(e.target.value)}
            pattern="[-_A-Za-z0-9]{1,64}"
            required
            autoComplete="off"
            placeholder="ventas-sur"
          />
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{t.numbers.nameHint}</p>
        </div>
        <div className="text-sm">
          <label htmlFor={labelId} className="font-medium">
            {t.numbers.label}
          </label>
          <Input
            id={labelId}
            className="mt-1"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            maxLength={80}
            placeholder={t.numbers.labelPlaceholder}
          />
        </div>
        <div className="flex flex-wrap justify-end gap-2">
          <Dialog.Close asChild>
            <Button type="button" variant="secondary">
              {t.connection.cancel}
            </Button>
          </Dialog.Close>
          <Button type="submit" disabled={create.isPending}>
            {t.numbers.create}
          </Button>
        </div>
      </form>
    </FormDialog>
  );
}

function RenameNumber({ number: n, onDone }: { number: SessionStatusView; onDone: () => void }) {
  const { t, errorText } = useI18n();
  const [open, setOpen] = useState(false);
  const [label, setLabel] = useState(n.label ?? '');
  const labelId = useId();
  const rename = useMutation({
    mutationFn: () =>
      api(`${V1}/sessions/${encodeURIComponent(n.session)}/`, {
        method: 'PATCH',
        json: { label: label.trim() || null },
      }),
    onSuccess: () => {
      setOpen(false);
      onDone();
    },
    onError: (e) => toast.error(errorText(e)),
  });
  return (
    <FormDialog
      open={open}
      onOpenChange={setOpen}
      title={t.numbers.renameTitle}
      trigger={
        <Button size="sm" variant="secondary">
          <Pencil aria-hidden className="size-4" /> {t.numbers.rename}
        </Button>
      }
    >
      <form
        className="mt-4 space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          rename.mutate();
        }}
      >
        <div className="text-sm">
          <label htmlFor={labelId} className="font-medium">
            {t.numbers.label}
          </label>
          <Input
            id={labelId}
            className="mt-1"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            maxLength={80}
          />
        </div>
        <div className="flex flex-wrap justify-end gap-2">
          <Dialog.Close asChild>
            <Button type="button" variant="secondary">
              {t.connection.cancel}
            </Button>
          </Dialog.Close>
          <Button type="submit" disabled={rename.isPending}>
            {t.numbers.save}
          </Button>
        </div>
      </form>
    </FormDialog>
  );
}

function DeleteNumber({ number: n, onDone }: { number: SessionStatusView; onDone: () => void }) {
  const { t, format, errorText } = useI18n();
  const [open, setOpen] = useState(false);
  const [messages, setMessages] = useState<'keep' | 'purge'>('keep');
  const remove = useMutation({
    mutationFn: () =>
      api(`${V1}/sessions/${encodeURIComponent(n.session)}/`, { method: 'DELETE', json: { messages } }),
    onSuccess: () => {
      toast.success(t.numbers.removed);
      setOpen(false);
      onDone();
    },
    onError: (e) => toast.error(errorText(e)),
  });
  return (
    <FormDialog
      open={open}
      onOpenChange={setOpen}
      title={format(t.numbers.removeTitle, { name: n.label ?? n.session })}
      trigger={
        <Button size="sm" variant="secondary">
          <Trash2 aria-hidden className="size-4" /> {t.numbers.remove}
        </Button>
      }
    >
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{t.numbers.removeBody}</p>
      <fieldset className="mt-4 space-y-2 text-sm">
        {(['keep', 'purge'] as const).map((choice) => (
          <label key={choice} className="flex items-start gap-2">
            <input
              type="radio"
              name={`messages-${n.session}`}
              className="mt-1"
              checked={messages === choice}
              onChange={() => setMessages(choice)}
            />
            <span>{t.numbers[choice]}</span>
          </label>
        ))}
      </fieldset>
      <div className="mt-6 flex flex-wrap justify-end gap-2">
        <Dialog.Close asChild>
          <Button variant="secondary">{t.connection.cancel}</Button>
        </Dialog.Close>
        <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
          {t.numbers.removeConfirm}
        </Button>
      </div>
    </FormDialog>
  );
}
