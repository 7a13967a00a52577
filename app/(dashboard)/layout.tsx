import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { Sidebar } from '@/components/shell/sidebar';
import { UserMenu } from '@/components/shell/user-menu';
import { getT } from '../_lib/locale';
import { requirePageUser } from '../_lib/session';
import { setLocaleAction, signOutAction } from './actions';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const { t, locale } = await getT();
  const current = (await headers()).get('x-pathname') ?? '/';
  return (
    <div className="flex min-h-screen">
      <Sidebar t={t} current={current} />
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-end border-b border-slate-200 bg-white px-6 py-3 dark:border-slate-800 dark:bg-slate-900">
          <UserMenu
            t={t}
            email={user.email ?? ''}
            role={user.role}
            locale={locale}
            signOut={signOutAction}
            setLocale={setLocaleAction}
          />
        </header>
        <main className="flex-1 p-6">{children}</main>
      </div>
    </div>
  );
}
