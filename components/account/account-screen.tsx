'use client';

import { useActionState } from 'react';
import type { PasswordState } from '@/app/(dashboard)/account/actions';
import type { Messages } from '@/lib/i18n/messages/es';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Input } from '../ui/input';

/** A person's own account: change the password (proving the current one), end every session. */
export function AccountScreen({
  t,
  changePassword,
  signOutEverywhere,
}: {
  t: Messages['account'];
  changePassword: (state: PasswordState, form: FormData) => Promise<PasswordState>;
  signOutEverywhere: () => Promise<void>;
}) {
  const [state, action, pending] = useActionState(changePassword, {});
  return (
    <div className="max-w-xl space-y-6">
      <Card>
        <h2 className="mb-1 font-medium">{t.passwordTitle}</h2>
        <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">{t.passwordHint}</p>
        <form action={action} className="space-y-4">
          {(['currentPassword', 'newPassword', 'confirmPassword'] as const).map((name) => (
            <div key={name}>
              <label htmlFor={`account-${name}`} className="text-sm font-medium">
                {t[name]}
              </label>
              <Input
                id={`account-${name}`}
                name={name}
                type="password"
                required
                minLength={name === 'currentPassword' ? 1 : 10}
                maxLength={200}
                autoComplete={name === 'currentPassword' ? 'current-password' : 'new-password'}
                className="mt-1"
              />
            </div>
          ))}
          {state.error && (
            <p
              role="alert"
              className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
            >
              {t.errors[state.error]}
            </p>
          )}
          <Button type="submit" disabled={pending}>
            {t.changePassword}
          </Button>
        </form>
      </Card>
      <Card>
        <h2 className="mb-1 font-medium">{t.sessionsTitle}</h2>
        <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">{t.sessionsHint}</p>
        <form action={signOutEverywhere}>
          <Button type="submit" variant="secondary">
            {t.signOutEverywhere}
          </Button>
        </form>
      </Card>
    </div>
  );
}
