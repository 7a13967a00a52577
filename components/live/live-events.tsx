'use client';

import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import type { StreamEvent } from '@/lib/events/chat-rows';
import { ApiError, api, V1 } from '../api';
import type { ChatItem } from '../chats/types';
import { useNumberNames } from '../whatsapp-number';
import { invalidateFor } from './invalidate';
import { createChatPatcher } from './patch-chats';

/** A chat row for the live patcher: 404 means it is gone. */
const patchChats = createChatPatcher(async (session, chatId) => {
  try {
    return await api<ChatItem>(`${V1}/chats/${chatId}/`, { session });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
});

type LiveState = 'connecting' | 'online' | 'offline';
type Listener = (event: StreamEvent) => void;
const LiveContext = createContext<LiveState>('offline');
const ListenersContext = createContext<Set<Listener>>(new Set());

/**
 * One EventSource per tab. Reconnects with exponential backoff (1 s → 30 s); while it is down the UI says so
 * and queries fall back to polling (useLiveRefetch); when it comes back everything is refetched once.
 */
export function LiveEventsProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const client = useQueryClient();
  const nameOf = useNumberNames();
  // Read through a ref: a new number list must not tear down the stream.
  const names = useRef(nameOf);
  names.current = nameOf;
  const [state, setState] = useState<LiveState>(enabled ? 'connecting' : 'offline');
  const listeners = useRef(new Set<Listener>());
  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let backoff = 1000;
    let closed = false;
    const connect = () => {
      source = new EventSource('/api/events');
      // `ready` comes once the server is listening; refetching then closes the gap since the page loaded.
      source.addEventListener('ready', () => {
        backoff = 1000;
        setState('online');
        void client.invalidateQueries();
      });
      source.onmessage = (message) => {
        try {
          const event = JSON.parse(message.data) as StreamEvent;
          invalidateFor(client, event, names.current, patchChats);
          for (const listener of listeners.current) listener(event);
        } catch {
          // ignore a malformed line
        }
      };
      source.onerror = () => {
        source?.close();
        if (closed) return;
        setState('offline');
        retry = setTimeout(connect, backoff);
        backoff = Math.min(backoff * 2, 30_000);
      };
    };
    connect();
    return () => {
      closed = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [client, enabled]);
  return (
    <ListenersContext.Provider value={listeners.current}>
      <LiveContext.Provider value={state}>{children}</LiveContext.Provider>
    </ListenersContext.Provider>
  );
}

/** Run `listener` for every live event while mounted. */
export function useLiveEvent(listener: Listener): void {
  const listeners = useContext(ListenersContext);
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => {
    const forward: Listener = (event) => latest.current(event);
    listeners.add(forward);
    return () => {
      listeners.delete(forward);
    };
  }, [listeners]);
}

export function useLiveState(): LiveState {
  return useContext(LiveContext);
}

/** Polling only as a fallback: off while the live stream is up. */
export function useLiveRefetch(intervalMs = 15_000): number | false {
  return useLiveState() === 'online' ? false : intervalMs;
}
