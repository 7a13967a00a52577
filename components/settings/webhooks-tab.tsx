'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ChevronDown, ChevronRight, Pause, Play, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { keys } from '../query-keys';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, EmptyState, ErrorNote, Skeleton } from '../ui/card';
import { ConfirmButton } from '../ui/confirm-button';
import { toast } from '../ui/toast';
import { AddEndpointForm } from './add-endpoint-form';
import { useFormatDateTime } from './format';
import { SecretOnce } from './secret-once';
import type { EndpointRow } from './types';
import { ADMIN_API, useToastError } from './use-settings';
import { WebhookDeliveries } from './webhook-deliveries';

/** Outbound webhooks: endpoints (secret shown once), pause/resume, delete, and each one's delivery log. */
export function WebhooksTab() {
  const { t, errorText } = useI18n();
  const w = t.settings.webhooks;
  const [secret, setSecret] = useState<string | null>(null);
  const { data, error, refetch } = useQuery({
    queryKey: keys.settings.webhooks(),
    queryFn: () => api<{ items: EndpointRow[] }>(`${ADMIN_API}/webhooks/endpoints/`),
  });
  return (
    <div className="space-y-6">
      <Card>
        <h2 className="mb-1 font-medium">{w.add}</h2>
        <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">{w.description}</p>
        <AddEndpointForm onSecret={setSecret} />
      </Card>
      {secret && <SecretOnce title={w.secretOnce} value={secret} onDismiss={() => setSecret(null)} />}
      {error ? (
        <ErrorNote message={errorText(error)} onRetry={() => void refetch()} retryLabel={t.common.retry} />
      ) : !data ? (
        <Skeleton className="h-32 w-full" />
      ) : data.items.length === 0 ? (
        <EmptyState title={w.empty} hint={w.emptyHint} />
      ) : (
        <ul className="space-y-4">
          {data.items.map((endpoint) => (
            <EndpointItem key={endpoint.id} endpoint={endpoint} />
          ))}
        </ul>
      )}
    </div>
  );
}

function EndpointItem({ endpoint }: { endpoint: EndpointRow }) {
  const { t, format } = useI18n();
  const w = t.settings.webhooks;
  const client = useQueryClient();
  const toastError = useToastError();
  const formatDate = useFormatDateTime();
  const [open, setOpen] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: keys.settings.webhooks() });
  const setActive = useMutation({
    mutationFn: (active: boolean) =>
      api(`${ADMIN_API}/webhooks/endpoints/${endpoint.id}/`, { method: 'PATCH', json: { active } }),
    onSuccess: (_, active) => {
      toast.success(active ? w.resumedToast : w.pausedToast);
      void refresh();
    },
    onError: toastError,
  });
  const remove = useMutation({
    mutationFn: () => api(`${ADMIN_API}/webhooks/endpoints/${endpoint.id}/`, { method: 'DELETE' }),
    onSuccess: () => {
      toast.success(w.deleted);
      void refresh();
    },
    onError: toastError,
  });
  const panelId = `deliveries-${endpoint.id}`;
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={endpoint.active ? 'green' : 'slate'}>{endpoint.active ? w.active : w.paused}</Badge>
            <span className="font-mono text-sm break-all">{endpoint.url}</span>
          </div>
          {endpoint.description && (
            <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{endpoint.description}</p>
          )}
          <div className="mt-2 flex flex-wrap gap-1.5">
            {endpoint.events.map((event) => (
              <Badge key={event} tone="blue">
                {w.eventNames[event] ?? event}
              </Badge>
            ))}
          </div>
          <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
            <span>
              {w.secret}: <code className="font-mono">{endpoint.secretHint}</code>
            </span>
            {endpoint.pendingCount > 0 && <span>{format(w.queued, { count: endpoint.pendingCount })}</span>}
            {endpoint.deadCount > 0 && (
              <span className="font-medium text-red-700 dark:text-red-400">
                {format(w.dead, { count: endpoint.deadCount })}
              </span>
            )}
            <span>{format(w.lastDelivered, { when: formatDate(endpoint.lastDeliveredAt) })}</span>
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button
            size="sm"
            variant="secondary"
            disabled={setActive.isPending}
            onClick={() => setActive.mutate(!endpoint.active)}
          >
            {endpoint.active ? (
              <Pause aria-hidden className="size-3.5" />
            ) : (
              <Play aria-hidden className="size-3.5" />
            )}
            {endpoint.active ? w.pause : w.resume}
          </Button>
          <ConfirmButton
            label={w.delete}
            icon={<Trash2 aria-hidden className="size-3.5" />}
            title={w.deleteTitle}
            description={w.deleteBody}
            cancelLabel={t.common.cancel}
            onConfirm={() => remove.mutateAsync().catch(() => {})}
          />
        </div>
      </div>
      <Button
        variant="ghost"
        size="sm"
        className="mt-3 -ml-2"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        {open ? (
          <ChevronDown aria-hidden className="size-4" />
        ) : (
          <ChevronRight aria-hidden className="size-4" />
        )}
        {open ? w.hideDeliveries : w.showDeliveries}
      </Button>
      {open && (
        <div id={panelId} className="mt-3">
          <WebhookDeliveries endpointId={endpoint.id} url={endpoint.url} />
        </div>
      )}
    </li>
  );
}
