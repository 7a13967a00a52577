'use client';

import { createContext, type ReactNode, useContext, useMemo } from 'react';

interface NumberContext {
  /** The WhatsApp number the dashboard shows (a `whatsapp_sessions` name), not the signed-in person's session. */
  current: string;
  /** Live events name a number by id; query keys by name. */
  nameOf: (sessionId: number) => string | undefined;
}

const Context = createContext<NumberContext | null>(null);

/**
 * Carries the chosen number down the dashboard (set by the layout from the reader's cookie). Every
 * session-scoped API call and query key reads it from here, so a render never depends on a module global.
 */
export function WhatsAppNumberProvider({
  current,
  sessions,
  children,
}: {
  current: string;
  sessions: { id: number; name: string }[];
  children: ReactNode;
}) {
  const value = useMemo<NumberContext>(() => {
    const names = new Map(sessions.map((s) => [s.id, s.name]));
    return {
      current,
      nameOf: (sessionId) => names.get(sessionId),
    };
  }, [current, sessions]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

function useNumberContext(): NumberContext {
  const value = useContext(Context);
  if (!value) throw new Error('useWhatsAppNumber outside WhatsAppNumberProvider');
  return value;
}

/** The chosen number's name, as session-scoped API paths and query keys take it. */
export function useWhatsAppNumber(): string {
  return useNumberContext().current;
}

/** Number id → name, for routing a live event to that number's queries. */
export function useNumberNames(): (sessionId: number) => string | undefined {
  return useNumberContext().nameOf;
}
