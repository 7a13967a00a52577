import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
import { SearchButton } from '@/components/search/search-button';
import { ConnectionBadge } from '@/components/shell/connection-badge';
import { LazyMobileNav } from '@/components/shell/lazy-shell-popups';
import { SessionSwitcher } from '@/components/shell/session-switcher';
import { Sidebar } from '@/components/shell/sidebar';
import { UserMenu } from '@/components/shell/user-menu';
import { requirePageUser } from '../_lib/auth-guards';
import { getT } from '../_lib/locale';
import { getSessionChoice } from '../_lib/session-choice';
import { setLocaleAction, setSessionAction, signOutAction } from './actions';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const { t, locale } = await getT();
  // The live stream is for superadmins (issue: QR and live stream only to them); viewers poll.
  const canStream = user.role === 'superadmin';
  const { sessions, current } = await getSessionChoice();
  return (
    <Providers t={t} locale={locale} live={canStream} session={current} sessions={sessions}>
      <div className="flex min-h-dvh">
        {/* The column stretches to the page's full height (its background with it); the nav inside stays in view. */}
        <div
          data-testid="sidebar-column"
          className="hidden shrink-0 border-r border-slate-200 bg-white md:block dark:border-slate-800 dark:bg-slate-900"
        >
          <div className="sticky top-0 flex h-dvh">
            <Sidebar />
          </div>
        </div>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="flex items-center gap-3 border-b border-slate-200 bg-white px-3 py-2 md:gap-4 md:px-6 md:py-3 dark:border-slate-800 dark:bg-slate-900">
            <LazyMobileNav />
            <div className="flex min-w-0 flex-1 items-center gap-3 md:gap-4">
              <SessionSwitcher sessions={sessions} current={current} choose={setSessionAction} />
              <ConnectionBadge canStream={canStream} />
            </div>
            <SearchButton />
            <UserMenu
              t={t}
              email={user.email ?? ''}
              role={user.role}
              locale={locale}
              signOut={signOutAction}
              setLocale={setLocaleAction}
            />
          </header>
          <main className="min-w-0 flex-1 p-4 md:p-6">{children}</main>
        </div>
      </div>
    </Providers>
  );
}
