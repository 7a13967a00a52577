'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { Menu } from 'lucide-react';
import { usePathname } from 'next/navigation';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { CloseButton } from '../ui/dialog';
import { AppName, NavLinks } from './sidebar';
import { NAV_TRIGGER } from './triggers';

/**
 * Below the tablet breakpoint the sidebar is this drawer: a modal dialog, so focus stays inside while it is
 * open and Escape closes it. It closes as soon as a link is followed, and again when the page changes.
 */
export function MobileNav({ defaultOpen = false }: { defaultOpen?: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(defaultOpen);
  // Any other navigation (the browser's back button) closes it too.
  const pathname = usePathname();
  const [shownAt, setShownAt] = useState(pathname);
  if (shownAt !== pathname) {
    setShownAt(pathname);
    setOpen(false);
  }
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger aria-label={t.nav.open} className={NAV_TRIGGER}>
        <Menu aria-hidden className="size-5" />
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-950/50 md:hidden" />
        <Dialog.Content
          aria-describedby={undefined}
          className="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col overflow-y-auto bg-white shadow-xl md:hidden dark:bg-slate-900"
        >
          <div className="flex items-center justify-between pr-2">
            <Dialog.Title asChild>
              <div>
                <AppName />
              </div>
            </Dialog.Title>
            <CloseButton large label={t.nav.close} />
          </div>
          {/* A click on a link closes at once; the page may take a moment to arrive. */}
          <nav
            aria-label={t.nav.main}
            onClickCapture={(event) => {
              if ((event.target as HTMLElement).closest('a')) setOpen(false);
            }}
          >
            <NavLinks />
          </nav>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
