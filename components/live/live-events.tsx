'use client';

import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import type { LiveEvent } from '@/lib/events/notify';
import { keys } from '../query-keys';

type LiveState = 'connecting' | 'online' | 'offline';
type Listener = (event: LiveEvent) => void;
const LiveContext = createContext<LiveState>('offline');
const ListenersContext = createContext<Set<Listener>>(new Set());

/** What each event makes stale. The stream says what changed; queries refetch only what is on screen. */
function invalidate(client: QueryClient, event: LiveEvent) {
  switch (event.type) {
    case 'session':
      void client.invalidateQueries({ queryKey: keys.session.all });
      void client.invalidateQueries({ queryKey: keys.overview.all });
      return;
    case 'chats':
      void client.invalidateQueries({ queryKey: keys.chats.all });
      void client.invalidateQueries({ queryKey: keys.groups.all });
      return;
    case 'messages':
      void client.invalidateQueries({ queryKey: keys.chats.all });
      void client.invalidateQueries({ queryKey: keys.overview.all });
      for (const chatId of event.chatIds)
        void client.invalidateQueries({ queryKey: keys.messages.list(chatId) });
      return;
    case 'command':
      void client.invalidateQueries({ queryKey: keys.commands.detail(event.commandId) });
      return;
    case 'request':
      void client.invalidateQueries({ queryKey: keys.requests.all });
      void client.invalidateQueries({ queryKey: keys.overview.all });
      return;
    case 'bindings':
      void client.invalidateQueries({ queryKey: keys.experiences.all });
      void client.invalidateQueries({ queryKey: keys.operators.all });
      void client.invalidateQueries({ queryKey: keys.groups.all });
      return;
  }
}

/**
 * One EventSource per tab. Reconnects with exponential backoff (1 s → 30 s); while it is down the UI says so
 * and queries fall back to polling (useLiveRefetch); when it comes back everything is refetched once.
 */
export function LiveEventsProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const client = useQueryClient();
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
          const event = JSON.parse(message.data) as LiveEvent;
          invalidate(client, event);
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
