'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import type { LiveEvent } from '@/lib/events/notify';
import { useLiveEvent, useLiveRefetch } from './live-events';

/**
 * For server-rendered pages: re-render from the server when a live event of these types arrives (debounced),
 * or every 15 s while the live stream is down.
 */
export function RefreshOnEvents({ types }: { types: LiveEvent['type'][] }) {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useLiveEvent((event) => {
    if (!types.includes(event.type)) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => router.refresh(), 300);
  });
  const poll = useLiveRefetch();
  useEffect(() => {
    if (!poll) return;
    const interval = setInterval(() => router.refresh(), poll);
    return () => clearInterval(interval);
  }, [poll, router]);
  return null;
}
