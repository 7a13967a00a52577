import { LogOut } from 'lucide-react';
import Link from 'next/link';
import type { Locale } from '@/lib/i18n';
import type { Messages } from '@/lib/i18n/messages/es';
import { LazyAccountMenu } from './lazy-shell-popups';

export function UserMenu({
  t,
  email,
  role,
  locale,
  signOut,
  setLocale,
}: {
  t: Messages;
  email: string;
  role: 'superadmin' | 'viewer';
  locale: Locale;
  signOut: () => Promise<void>;
  setLocale: (form: FormData) => Promise<void>;
}) {
  return (
    <>
      <div className="hidden items-center gap-4 text-sm lg:flex">
        <form action={setLocale} className="flex items-center gap-1" aria-label={t.user.language}>
          {(['es', 'en'] as const).map((l) => (
            <button
              type="submit"
              key={l}
              name="locale"
              value={l}
              aria-pressed={locale === l}
              aria-label={l === 'es' ? 'Español' : 'English'}
              lang={l}
              className={`rounded px-2 py-1 uppercase touch:min-h-11 touch:min-w-11 ${locale === l ? 'bg-slate-200 font-semibold dark:bg-slate-700' : 'text-slate-600 dark:text-slate-400'}`}
            >
              {l}
            </button>
          ))}
        </form>
        <Link
          href="/account"
          title={t.account.link}
          className="rounded px-1 text-slate-700 hover:underline dark:text-slate-300"
        >
          {email} <span className="text-xs text-slate-600 dark:text-slate-400">· {t.user.roles[role]}</span>
        </Link>
        <form action={signOut}>
          <button
            type="submit"
            className="flex items-center gap-1 rounded px-2 py-1 text-slate-700 hover:bg-slate-100 touch:min-h-11 dark:text-slate-300 dark:hover:bg-slate-800"
          >
            <LogOut aria-hidden className="size-4" />
            {t.user.signOut}
          </button>
        </form>
      </div>
      <LazyAccountMenu
        email={email}
        role={t.user.roles[role]}
        locale={locale}
        signOut={signOut}
        setLocale={setLocale}
      />
    </>
  );
}
