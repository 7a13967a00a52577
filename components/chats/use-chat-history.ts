'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { type RefObject, useEffect, useRef, useState } from 'react';
import type { HistoryPage } from '@/lib/api/schemas/search';
import { api, V1 } from '../api';
import { useLiveRefetch } from '../live/live-events';
import { keys } from '../query-keys';
import { useWhatsAppNumber } from '../whatsapp-number';

type PageParam = { around?: number; cursor?: string; newer?: string };

function historyPath(chatId: number, param: PageParam): string {
  const params = new URLSearchParams({ limit: '50' });
  if (param.around) params.set('around', String(param.around));
  if (param.cursor) params.set('cursor', param.cursor);
  if (param.newer) params.set('newer', param.newer);
  return `${V1}/chats/${chatId}/messages/?${params}`;
}

/**
 * A chat's history as pages, newest page first: normally from the newest message backwards; opened `around` a
 * message (a search result) it starts there and also pages towards the newest (`fetchNewer`).
 */
export function useChatHistory(chatId: number, around: number | null) {
  const session = useWhatsAppNumber();
  const refetchInterval = useLiveRefetch();
  const base = keys.messages.list(session, chatId);
  return useInfiniteQuery({
    queryKey: around ? [...base, 'around', around] : base,
    queryFn: ({ pageParam }) => api<HistoryPage>(historyPath(chatId, pageParam)),
    initialPageParam: (around ? { around } : {}) as PageParam,
    getNextPageParam: (last): PageParam | undefined =>
      last.nextCursor ? { cursor: last.nextCursor } : undefined,
    getPreviousPageParam: (first): PageParam | undefined =>
      first.newerCursor ? { newer: first.newerCursor } : undefined,
    refetchInterval,
  });
}

/**
 * Brings one message into view once it is rendered (an element with `data-message-id`) and keeps it
 * highlighted for a few seconds, so the reader sees which message the search found.
 */
export function useScrollToMessage(
  scroller: RefObject<HTMLDivElement | null>,
  messageId: number | null,
  rendered: boolean,
): number | null {
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const done = useRef<number | null>(null);
  useEffect(() => {
    if (!messageId || !rendered || done.current === messageId) return;
    const el = scroller.current?.querySelector<HTMLElement>(`[data-message-id="${messageId}"]`);
    if (!el) return;
    done.current = messageId;
    el.scrollIntoView({ block: 'center' });
    setHighlighted(messageId);
  }, [scroller, messageId, rendered]);
  useEffect(() => {
    if (highlighted === null) return;
    const timer = setTimeout(() => setHighlighted(null), 4000);
    return () => clearTimeout(timer);
  }, [highlighted]);
  return highlighted;
}
