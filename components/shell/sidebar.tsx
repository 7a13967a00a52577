'use client';

import {
  CalendarCheck,
  Compass,
  LayoutDashboard,
  type LucideIcon,
  MessageCircle,
  MessagesSquare,
  Plug,
  Settings,
  UserCog,
  Users,
} from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useI18n } from '../i18n';
import { cn } from '../ui/cn';

const ITEMS: {
  href: string;
  key: 'overview' | 'connection' | 'chats' | 'groups' | 'experiences' | 'operators' | 'requests' | 'settings';
  icon: LucideIcon;
}[] = [
  { href: '/', key: 'overview', icon: LayoutDashboard },
  { href: '/connection', key: 'connection', icon: Plug },
  { href: '/chats', key: 'chats', icon: MessagesSquare },
  { href: '/groups', key: 'groups', icon: Users },
  { href: '/experiences', key: 'experiences', icon: Compass },
  { href: '/operators', key: 'operators', icon: UserCog },
  { href: '/requests', key: 'requests', icon: CalendarCheck },
  { href: '/settings', key: 'settings', icon: Settings },
];

export function AppName() {
  const { t } = useI18n();
  return (
    <div className="flex items-center gap-2 px-4 py-4 font-semibold">
      <MessageCircle aria-hidden className="size-5 text-brand-600" />
      {t.app.name}
    </div>
  );
}

/** The main navigation; the desktop sidebar and the phone's drawer both show this one list. */
export function NavLinks() {
  const { t } = useI18n();
  const pathname = usePathname();
  return (
    <ul className="space-y-1 px-2">
      {ITEMS.map(({ href, key, icon: Icon }) => {
        const active = href === '/' ? pathname === '/' : pathname.startsWith(href);
        return (
          <li key={href}>
            <Link
              href={href}
              aria-current={active ? 'page' : undefined}
              className={cn(
                'flex items-center gap-2 rounded-md px-3 py-2 text-sm touch:min-h-11 touch:text-base',
                active
                  ? 'bg-brand-50 font-medium text-brand-700 dark:bg-brand-700/20 dark:text-brand-100'
                  : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800',
              )}
            >
              <Icon aria-hidden className="size-4" />
              {t.nav[key]}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

export function Sidebar() {
  const { t } = useI18n();
  return (
    <nav aria-label={t.nav.main} className="flex w-60 shrink-0 flex-col">
      <AppName />
      <NavLinks />
    </nav>
  );
}
