'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { KeyRound } from 'lucide-react';
import { useState } from 'react';
import type { Role } from '@/lib/auth/users';
import { api } from '../api';
import { useI18n } from '../i18n';
import { keys } from '../query-keys';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, ErrorNote, Skeleton } from '../ui/card';
import { ConfirmButton } from '../ui/confirm-button';
import { Select } from '../ui/input';
import { TableFrame, Td, Th } from '../ui/table';
import { toast } from '../ui/toast';
import { AddUserForm } from './add-user-form';
import { useFormatDateTime } from './format';
import { SecretOnce } from './secret-once';
import type { UserRow } from './types';
import { ADMIN_API, useToastError } from './use-settings';

type UserPatch = { id: number; role?: Role; disabled?: boolean };

/** People and roles. The server refuses demoting yourself or the last superadmin; the UI does not offer it. */
export function UsersTab({ currentUserId }: { currentUserId: number }) {
  const { t, format, errorText } = useI18n();
  const client = useQueryClient();
  const toastError = useToastError();
  const formatDate = useFormatDateTime();
  const [secret, setSecret] = useState<{ email: string; password: string } | null>(null);
  const { data, error, refetch } = useQuery({
    queryKey: keys.settings.users(),
    queryFn: () => api<{ items: UserRow[] }>(`${ADMIN_API}/users/`),
  });
  const update = useMutation({
    mutationFn: ({ id, ...patch }: UserPatch) =>
      api<UserRow>(`${ADMIN_API}/users/${id}/`, { method: 'PATCH', json: patch }),
    onSuccess: (_, patch) => {
      const u = t.settings.users;
      toast.success(patch.role ? u.roleChanged : patch.disabled ? u.disabledToast : u.enabledToast);
      void client.invalidateQueries({ queryKey: keys.settings.users() });
    },
    onError: toastError,
  });
  const resetPassword = async (user: UserRow) => {
    try {
      const result = await api<{ generatedPassword?: string }>(`${ADMIN_API}/users/${user.id}/password/`, {
        method: 'POST',
      });
      if (result.generatedPassword) setSecret({ email: user.email, password: result.generatedPassword });
    } catch (e) {
      toastError(e);
    }
  };
  const u = t.settings.users;
  return (
    <div className="space-y-6">
      <Card>
        <h2 className="mb-1 font-medium">{u.add}</h2>
        <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">{u.description}</p>
        <AddUserForm onPassword={(email, password) => setSecret({ email, password })} />
      </Card>
      {secret && (
        <SecretOnce
          title={format(u.generated, { email: secret.email })}
          value={secret.password}
          onDismiss={() => setSecret(null)}
        />
      )}
      {error ? (
        <ErrorNote message={errorText(error)} onRetry={() => void refetch()} retryLabel={t.common.retry} />
      ) : !data ? (
        <Skeleton className="h-48 w-full" />
      ) : (
        <TableFrame
          variant="compact"
          label={u.title}
          head={
            <tr>
              <Th>{u.email}</Th>
              <Th>{u.role}</Th>
              <Th>{u.status}</Th>
              <Th>{u.lastLogin}</Th>
              <Th className="text-right">{t.settings.actions}</Th>
            </tr>
          }
        >
          {data.items.map((user) => {
            const self = user.id === currentUserId;
            return (
              <tr key={user.id}>
                <Td label={u.email}>
                  <span className="font-medium break-all">{user.email}</span>
                  {self && <span className="ml-1 text-xs text-slate-600 dark:text-slate-400">({u.you})</span>}
                  {user.name && (
                    <span className="block text-xs text-slate-600 dark:text-slate-400">{user.name}</span>
                  )}
                </Td>
                <Td label={u.role}>
                  {self ? (
                    <span title={u.selfNote}>{t.user.roles[user.role]}</span>
                  ) : (
                    <Select
                      aria-label={format(u.roleOf, { email: user.email })}
                      value={user.role}
                      disabled={update.isPending}
                      onChange={(e) => update.mutate({ id: user.id, role: e.target.value as Role })}
                      className="w-auto py-1"
                    >
                      {(Object.keys(t.user.roles) as Role[]).map((role) => (
                        <option key={role} value={role}>
                          {t.user.roles[role]}
                        </option>
                      ))}
                    </Select>
                  )}
                </Td>
                <Td label={u.status}>
                  <Badge tone={user.disabled ? 'red' : 'green'}>
                    {user.disabled ? u.disabled : u.active}
                  </Badge>
                </Td>
                <Td label={u.lastLogin} className="whitespace-nowrap text-slate-700 dark:text-slate-300">
                  {formatDate(user.lastLoginAt)}
                </Td>
                <Td>
                  <div className="flex justify-end gap-2">
                    <ConfirmButton
                      label={u.resetPassword}
                      icon={<KeyRound aria-hidden className="size-3.5" />}
                      title={format(u.resetTitle, { email: user.email })}
                      description={u.resetBody}
                      cancelLabel={t.common.cancel}
                      onConfirm={() => resetPassword(user)}
                    />
                    {!self &&
                      (user.disabled ? (
                        <Button
                          size="sm"
                          variant="secondary"
                          onClick={() => update.mutate({ id: user.id, disabled: false })}
                        >
                          {u.enable}
                        </Button>
                      ) : (
                        <ConfirmButton
                          label={u.disable}
                          title={format(u.disableTitle, { email: user.email })}
                          description={u.disableBody}
                          cancelLabel={t.common.cancel}
                          onConfirm={() =>
                            update.mutateAsync({ id: user.id, disabled: true }).catch(() => {})
                          }
                        />
                      ))}
                  </div>
                </Td>
              </tr>
            );
          })}
        </TableFrame>
      )}
    </div>
  );
}
