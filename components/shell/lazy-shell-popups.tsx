'use client';

import { CircleUser, Menu } from 'lucide-react';
import { type ComponentProps, lazy } from 'react';
import { useI18n } from '../i18n';
import { LazyPopup } from './lazy-popup';
import { ACCOUNT_TRIGGER, NAV_TRIGGER } from './triggers';

const loadNav = () => import('./mobile-nav');
const loadAccount = () => import('./account-menu');
const MobileNav = lazy(() => loadNav().then((m) => ({ default: m.MobileNav })));
const AccountMenu = lazy(() => loadAccount().then((m) => ({ default: m.AccountMenu })));

/** The phone drawer, its code loaded on first use (see LazyPopup). */
export function LazyMobileNav() {
  const { t } = useI18n();
  return (
    <LazyPopup
      label={t.nav.open}
      haspopup="dialog"
      className={NAV_TRIGGER}
      icon={<Menu aria-hidden className="size-5" />}
      preload={loadNav}
      popup={<MobileNav defaultOpen />}
    />
  );
}

/** The phone and tablet account menu, its code loaded on first use (see LazyPopup). */
export function LazyAccountMenu(props: Omit<ComponentProps<typeof AccountMenu>, 'defaultOpen'>) {
  const { t } = useI18n();
  return (
    <LazyPopup
      label={t.user.menu}
      haspopup="menu"
      className={ACCOUNT_TRIGGER}
      icon={<CircleUser aria-hidden className="size-6" />}
      preload={loadAccount}
      popup={<AccountMenu {...props} defaultOpen />}
    />
  );
}
