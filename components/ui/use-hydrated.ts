'use client';

import { useSyncExternalStore } from 'react';

const never = () => () => {};

/**
 * False on the server and during hydration, true after: for output that depends on the browser (its time
 * zone, its clock), so the server's HTML and the first client render agree and the browser's value follows.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
