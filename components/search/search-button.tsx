'use client';

import { Search } from 'lucide-react';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';

// The dialog brings Radix's focus trap, scroll lock and portal (~12 KB gzip) and the search filters: it is
// fetched when someone reaches for it, not with every page (issue 16's first-load budget).
const loadDialog = () => import('./search-dialog');
const SearchDialog = lazy(() => loadDialog().then((m) => ({ default: m.SearchDialog })));

/** Typing in a field: `/` is a character there, not the shortcut. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The header's search button and its shortcuts (`/`, Ctrl-K or ⌘K). The dialog is mounted on first use and
 * stays mounted, so closing and reopening keeps what was typed and the filters.
 */
export function SearchButton() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [used, setUsed] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const show = () => {
    setUsed(true);
    setOpen(true);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const ctrlK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k';
      const slash =
        event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target);
      if (ctrlK || slash) {
        event.preventDefault();
        setUsed(true);
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <button
        ref={button}
        type="button"
        title={t.find.shortcut}
        aria-haspopup="dialog"
        aria-expanded={open}
        onPointerEnter={() => void loadDialog()}
        onFocus={() => void loadDialog()}
        onClick={show}
        className="flex items-center gap-2 rounded-md border border-slate-300 px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-50 touch:min-h-11 touch:min-w-11 touch:justify-center dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        <Search aria-hidden className="size-4" />
        <span className="hidden 2xl:inline">{t.find.open}</span>
        <kbd className="hidden rounded border border-slate-300 px-1 text-xs xl:inline dark:border-slate-600">
          /
        </kbd>
      </button>
      {used && (
        <Suspense>
          <SearchDialog open={open} setOpen={setOpen} trigger={button} />
        </Suspense>
      )}
    </>
  );
}
