'use client';

import { useEffect, useState } from 'react';
import { Button } from './button';

/** A value that settles `ms` after the last change (search boxes query the server once typing pauses). */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export interface CursorPages {
  cursor: string;
  page: number;
  previous: () => void;
  next: (cursor: string) => void;
}

/**
 * Page-by-page navigation over an API's opaque cursors: the stack of cursors seen so far gives "previous"
 * without the server having to count. Reset to the first page whenever `resetKey` (the filters) changes.
 */
export function useCursorPages(resetKey: string): CursorPages {
  const [state, setState] = useState<{ key: string; cursors: string[] }>({ key: resetKey, cursors: [''] });
  const cursors = state.key === resetKey ? state.cursors : [''];
  return {
    cursor: cursors.at(-1) ?? '',
    page: cursors.length,
    previous: () => setState({ key: resetKey, cursors: cursors.length > 1 ? cursors.slice(0, -1) : cursors }),
    next: (cursor: string) => setState({ key: resetKey, cursors: [...cursors, cursor] }),
  };
}

export function CursorPager({
  page,
  nextCursor,
  onPrevious,
  onNext,
  labels,
}: {
  page: number;
  nextCursor: string | null | undefined;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
  labels: { previous: string; next: string; page?: string };
}) {
  return (
    <div className="flex items-center justify-end gap-2 text-sm">
      {labels.page && <span className="text-slate-600 dark:text-slate-400">{labels.page}</span>}
      <Button size="sm" variant="secondary" disabled={page === 1} onClick={onPrevious}>
        {labels.previous}
      </Button>
      <Button
        size="sm"
        variant="secondary"
        disabled={!nextCursor}
        onClick={() => nextCursor && onNext(nextCursor)}
      >
        {labels.next}
      </Button>
    </div>
  );
}
