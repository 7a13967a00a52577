import { LayoutDashboard, MessageCircle } from 'lucide-react';
import Link from 'next/link';
import type { Messages } from '@/lib/i18n/messages/es';

/** Only pages that exist are listed; each area adds its entry when its page ships. */
const ITEMS = [{ href: '/', key: 'overview', icon: LayoutDashboard }] as const;

export function Sidebar({ t, current }: { t: Messages; current: string }) {
  return (
    <nav
      aria-label="Principal"
      className="flex w-60 shrink-0 flex-col border-r border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex items-center gap-2 px-4 py-4 font-semibold">
        <MessageCircle aria-hidden className="size-5 text-brand-600" />
        {t.app.name}
      </div>
      <ul className="space-y-1 px-2">
        {ITEMS.map(({ href, key, icon: Icon }) => {
          const active = current === href;
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={active ? 'page' : undefined}
                className={`flex items-center gap-2 rounded-md px-3 py-2 text-sm ${
                  active
                    ? 'bg-brand-50 font-medium text-brand-700 dark:bg-brand-700/20 dark:text-brand-100'
                    : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
                }`}
              >
                <Icon aria-hidden className="size-4" />
                {t.nav[key]}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
