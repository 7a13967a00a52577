'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { UserPlus } from 'lucide-react';
import { useState } from 'react';
import type { Role } from '@/lib/auth/users';
import { apiFieldErrors } from '@/lib/i18n/api-errors';
import { api } from '../api';
import { useI18n } from '../i18n';
import { keys } from '../query-keys';
import { Button } from '../ui/button';
import { Input, Select } from '../ui/input';
import { toast } from '../ui/toast';
import { Field } from './field';
import type { UserRow } from './types';
import { ADMIN_API, useToastError } from './use-settings';

const EMPTY = { email: '', name: '', role: 'viewer' as Role, password: '' };

/** Invites a person; without a password one is generated and handed to `onPassword` to show once. */
export function AddUserForm({ onPassword }: { onPassword: (email: string, password: string) => void }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const toastError = useToastError();
  const [draft, setDraft] = useState(EMPTY);
  const create = useMutation({
    mutationFn: () =>
      api<{ user: UserRow; generatedPassword?: string }>(`${ADMIN_API}/users/`, {
        method: 'POST',
        json: {
          email: draft.email.trim(),
          role: draft.role,
          ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
          ...(draft.password ? { password: draft.password } : {}),
        },
      }),
    onSuccess: ({ user, generatedPassword }) => {
      toast.success(t.settings.users.created);
      if (generatedPassword) onPassword(user.email, generatedPassword);
      setDraft(EMPTY);
      void client.invalidateQueries({ queryKey: keys.settings.users() });
    },
    onError: toastError,
  });
  const errors = apiFieldErrors(t, create.error);
  return (
    <form
      className="grid gap-4 md:grid-cols-2 xl:grid-cols-[1.3fr_1fr_11rem_1.2fr_auto] xl:items-start"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <Field label={t.settings.users.email} error={errors.email}>
        {(control) => (
          <Input
            {...control}
            type="email"
            required
            autoComplete="off"
            value={draft.email}
            onChange={(e) => setDraft({ ...draft, email: e.target.value })}
          />
        )}
      </Field>
      <Field label={t.settings.users.name} error={errors.name}>
        {(control) => (
          <Input
            {...control}
            maxLength={120}
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
        )}
      </Field>
      <Field label={t.settings.users.role}>
        {(control) => (
          <Select
            {...control}
            value={draft.role}
            onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}
          >
            {(Object.keys(t.user.roles) as Role[]).map((role) => (
              <option key={role} value={role}>
                {t.user.roles[role]}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label={t.settings.users.password} hint={t.settings.users.passwordHint} error={errors.password}>
        {(control) => (
          <Input
            {...control}
            type="password"
            autoComplete="new-password"
            minLength={10}
            maxLength={200}
            value={draft.password}
            onChange={(e) => setDraft({ ...draft, password: e.target.value })}
          />
        )}
      </Field>
      <Button type="submit" disabled={create.isPending || !draft.email.trim()} className="xl:mt-6">
        <UserPlus aria-hidden className="size-4" />
        {t.settings.users.add}
      </Button>
    </form>
  );
}
