'use client';

import * as Menu from '@radix-ui/react-dropdown-menu';
import { Check, CircleUser, LogOut, UserCog } from 'lucide-react';
import Link from 'next/link';
import { useTransition } from 'react';
import type { Locale } from '@/lib/i18n';
import { useI18n } from '../i18n';
import { ACCOUNT_TRIGGER } from './triggers';

const item =
  'flex min-h-11 cursor-pointer items-center gap-2 rounded-md px-3 text-sm outline-none data-[highlighted]:bg-slate-100 dark:data-[highlighted]:bg-slate-800';

/**
 * Phones' and tablets' headers have room for the connection badge and the number switcher only: who is signed in, the
 * language and signing out fold into this menu. The server actions are called directly (a form inside the
 * menu would be unmounted by the menu closing before it submits).
 */
export function AccountMenu({
  email,
  role,
  locale,
  signOut,
  setLocale,
  defaultOpen = false,
}: {
  defaultOpen?: boolean;
  email: string;
  role: string;
  locale: Locale;
  signOut: () => Promise<void>;
  setLocale: (form: FormData) => Promise<void>;
}) {
  const { t } = useI18n();
  const [, startTransition] = useTransition();
  const choose = (next: Locale) =>
    startTransition(async () => {
      const form = new FormData();
      form.set('locale', next);
      await setLocale(form);
    });
  return (
    <Menu.Root defaultOpen={defaultOpen}>
      <Menu.Trigger aria-label={t.user.menu} className={ACCOUNT_TRIGGER}>
        <CircleUser aria-hidden className="size-6" />
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="end"
          sideOffset={4}
          collisionPadding={8}
          className="z-50 w-[min(18rem,calc(100vw-1rem))] rounded-lg border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <Menu.Label className="px-3 py-2 text-sm">
            <span className="block font-medium break-all">{email}</span>
            <span className="text-xs text-slate-600 dark:text-slate-400">{role}</span>
          </Menu.Label>
          <Menu.Item asChild className={item}>
            <Link href="/account">
              <UserCog aria-hidden className="size-4" />
              {t.account.link}
            </Link>
          </Menu.Item>
          <Menu.Separator className="my-1 h-px bg-slate-200 dark:bg-slate-700" />
          <Menu.Label className="px-3 pt-1 text-xs text-slate-600 dark:text-slate-400">
            {t.user.language}
          </Menu.Label>
          <Menu.RadioGroup value={locale} onValueChange={(value) => choose(value as Locale)}>
            {(['es', 'en'] as const).map((l) => (
              <Menu.RadioItem key={l} value={l} lang={l} className={item}>
                <span className="flex size-4 items-center">
                  <Menu.ItemIndicator>
                    <Check aria-hidden className="size-4" />
                  </Menu.ItemIndicator>
                </span>
                {l === 'es' ? 'Español' : 'English'}
              </Menu.RadioItem>
            ))}
          </Menu.RadioGroup>
          <Menu.Separator className="my-1 h-px bg-slate-200 dark:bg-slate-700" />
          <Menu.Item className={item} onSelect={() => startTransition(() => signOut())}>
            <LogOut aria-hidden className="size-4" />
            {t.user.signOut}
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
