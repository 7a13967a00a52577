'use client';

import { useSyncExternalStore } from 'react';

/** Whether a media query matches now, following changes; false while rendering on the server. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** Phone-sized screens: below Tailwind's `md` breakpoint, as the layout's drawer. */
export const PHONE_QUERY = '(width < 48rem)';
