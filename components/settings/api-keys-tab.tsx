'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useState } from 'react';
import type { ApiKeyScope } from '@/lib/auth/api-keys';
import { apiFieldErrors } from '@/lib/i18n/api-errors';
import { api } from '../api';
import { useI18n } from '../i18n';
import { keys } from '../query-keys';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, EmptyState, ErrorNote, Skeleton } from '../ui/card';
import { ConfirmButton } from '../ui/confirm-button';
import { Input, Select } from '../ui/input';
import { TableFrame, Td, Th } from '../ui/table';
import { toast } from '../ui/toast';
import { Field } from './field';
import { useFormatDateTime } from './format';
import { SecretOnce } from './secret-once';
import type { ApiKeyRow } from './types';
import { ADMIN_API, useToastError } from './use-settings';

/** API keys: created here and shown exactly once; listed by name, prefix, scope and last use; revoked here. */
export function ApiKeysTab() {
  const { t, format, errorText } = useI18n();
  const k = t.settings.keys;
  const client = useQueryClient();
  const toastError = useToastError();
  const formatDate = useFormatDateTime();
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [draft, setDraft] = useState<{ name: string; scope: ApiKeyScope; expiresInDays: number | null }>({
    name: '',
    scope: 'read',
    expiresInDays: null,
  });
  const [created, setCreated] = useState<string | null>(null);
  const { data, error, refetch } = useQuery({
    queryKey: keys.settings.apiKeys.list(includeRevoked),
    queryFn: () =>
      api<{ items: ApiKeyRow[] }>(`${ADMIN_API}/api-keys/${includeRevoked ? '?includeRevoked=true' : ''}`),
  });
  const refresh = () => client.invalidateQueries({ queryKey: keys.settings.apiKeys.all });
  const create = useMutation({
    mutationFn: () =>
      api<{ apiKey: ApiKeyRow; key: string }>(`${ADMIN_API}/api-keys/`, {
        method: 'POST',
        json: {
          name: draft.name.trim(),
          scope: draft.scope,
          ...(draft.expiresInDays ? { expiresInDays: draft.expiresInDays } : {}),
        },
      }),
    onSuccess: ({ key }) => {
      setCreated(key);
      setDraft({ name: '', scope: 'read', expiresInDays: null });
      toast.success(k.createdToast);
      void refresh();
    },
    onError: toastError,
  });
  const revoke = useMutation({
    mutationFn: (id: number) => api(`${ADMIN_API}/api-keys/${id}/`, { method: 'DELETE' }),
    onSuccess: () => {
      toast.success(k.revokedToast);
      void refresh();
    },
    onError: toastError,
  });
  const errors = apiFieldErrors(t, create.error);
  return (
    <div className="space-y-6">
      <Card>
        <h2 className="mb-1 font-medium">{k.create}</h2>
        <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">{k.description}</p>
        <form
          className="grid gap-4 lg:grid-cols-[1fr_14rem_10rem_auto] lg:items-start"
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate();
          }}
        >
          <Field label={k.name} error={errors.name}>
            {(control) => (
              <Input
                {...control}
                required
                maxLength={100}
                placeholder={k.namePlaceholder}
                value={draft.name}
                onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              />
            )}
          </Field>
          <Field label={k.scope} hint={k.scopeHint}>
            {(control) => (
              <Select
                {...control}
                value={draft.scope}
                onChange={(e) => setDraft({ ...draft, scope: e.target.value as ApiKeyScope })}
              >
                <option value="read">{k.read}</option>
                <option value="write">{k.write}</option>
              </Select>
            )}
          </Field>
          <Field label={k.expires}>
            {(control) => (
              <Select
                {...control}
                value={draft.expiresInDays ?? ''}
                onChange={(e) => setDraft({ ...draft, expiresInDays: Number(e.target.value) || null })}
              >
                <option value="">{k.never}</option>
                {[30, 90, 365].map((days) => (
                  <option key={days} value={days}>
                    {format(k.inDays, { days })}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Button type="submit" className="md:mt-6" disabled={create.isPending || !draft.name.trim()}>
            <Plus aria-hidden className="size-4" />
            {k.create}
          </Button>
        </form>
      </Card>
      {created && <SecretOnce title={k.shownOnce} value={created} onDismiss={() => setCreated(null)} />}
      <label className="flex w-fit items-center gap-2 text-sm">
        <input
          type="checkbox"
          className="size-4 accent-brand-700"
          checked={includeRevoked}
          onChange={(e) => setIncludeRevoked(e.target.checked)}
        />
        {k.showRevoked}
      </label>
      {error ? (
        <ErrorNote message={errorText(error)} onRetry={() => void refetch()} retryLabel={t.common.retry} />
      ) : !data ? (
        <Skeleton className="h-40 w-full" />
      ) : data.items.length === 0 ? (
        <EmptyState title={k.empty} hint={k.emptyHint} />
      ) : (
        <TableFrame
          variant="compact"
          label={t.settings.tabs.keys}
          head={
            <tr>
              <Th>{k.name}</Th>
              <Th>{k.key}</Th>
              <Th>{k.scope}</Th>
              <Th>{k.lastUsed}</Th>
              <Th>{k.createdAt}</Th>
              <Th>{k.expires}</Th>
              <Th className="text-right">{t.settings.actions}</Th>
            </tr>
          }
        >
          {data.items.map((key) => (
            <tr key={key.id} className={key.revokedAt ? 'text-slate-500 dark:text-slate-400' : undefined}>
              <Td label={k.name} className="font-medium">
                {key.name}
              </Td>
              <Td label={k.key}>
                <code className="font-mono text-xs">{key.prefix}…</code>
              </Td>
              <Td label={k.scope}>
                <Badge tone={key.scope === 'write' ? 'violet' : 'blue'}>
                  {key.scope === 'write' ? k.write : k.read}
                </Badge>
              </Td>
              <Td label={k.lastUsed} className="whitespace-nowrap">
                {formatDate(key.lastUsedAt)}
              </Td>
              <Td label={k.createdAt} className="whitespace-nowrap">
                {formatDate(key.createdAt)}
              </Td>
              <Td label={k.expires} className="whitespace-nowrap">
                {key.expiresAt ? formatDate(key.expiresAt) : k.never}
                {key.expiresAt && new Date(key.expiresAt) < new Date() && (
                  <Badge tone="red" className="ml-2">
                    {k.expired}
                  </Badge>
                )}
              </Td>
              <Td className="text-right">
                {key.creatorLostAccess && !key.revokedAt && (
                  <Badge tone="amber" className="mr-2">
                    {k.creatorLostAccess}
                  </Badge>
                )}
                {key.revokedAt ? (
                  <Badge tone="red">{k.revoked}</Badge>
                ) : (
                  <ConfirmButton
                    label={k.revoke}
                    title={format(k.revokeTitle, { name: key.name })}
                    description={k.revokeBody}
                    cancelLabel={t.common.cancel}
                    onConfirm={() => revoke.mutateAsync(key.id).catch(() => {})}
                  />
                )}
              </Td>
            </tr>
          ))}
        </TableFrame>
      )}
    </div>
  );
}
