/**
 * Query-key factories per area; live events invalidate by area root. Areas that belong to one WhatsApp
 * number carry its name right after the area (`['chats', 'ventas', 'list', filters]`), so switching numbers
 * never shows another number's cache and an event of one number refetches only that number's screens.
 */
export const keys = {
  session: {
    all: ['session'] as const,
    of: (session: string) => ['session', session] as const,
    status: (session: string) => ['session', session, 'status'] as const,
    qr: (session: string) => ['session', session, 'qr'] as const,
  },
  /** The list of every number (Conexión): any number's event refreshes it. */
  numbers: { all: ['numbers'] as const },
  chats: {
    all: ['chats'] as const,
    of: (session: string) => ['chats', session] as const,
    list: (session: string, filters: Record<string, unknown>) => ['chats', session, 'list', filters] as const,
    detail: (session: string, id: number) => ['chats', session, 'detail', id] as const,
  },
  messages: {
    all: ['messages'] as const,
    list: (session: string, chatId: number) => ['messages', session, chatId] as const,
  },
  groups: {
    all: ['groups'] as const,
    of: (session: string) => ['groups', session] as const,
    list: (session: string, filters: Record<string, unknown>) =>
      ['groups', session, 'list', filters] as const,
  },
  /** Experiences and operators belong to no number (their groups may be in any). */
  experiences: {
    all: ['experiences'] as const,
    list: (filters: Record<string, unknown>) => ['experiences', 'list', filters] as const,
  },
  operators: {
    all: ['operators'] as const,
    list: (filters: Record<string, unknown>) => ['operators', 'list', filters] as const,
  },
  /** Reservation requests of every number. */
  requests: {
    all: ['requests'] as const,
    list: (filters: Record<string, unknown>) => ['requests', 'list', filters] as const,
    detail: (id: number) => ['requests', 'detail', id] as const,
  },
  /** A command id is unique across numbers, and its event names it. */
  commands: { detail: (id: number) => ['commands', id] as const },
  overview: {
    all: ['overview'] as const,
    of: (session: string) => ['overview', session] as const,
    summary: (session: string, timeZone: string) => ['overview', session, 'summary', timeZone] as const,
    parked: (session: string) => ['overview', session, 'parked'] as const,
  },
  settings: {
    all: ['settings'] as const,
    values: () => ['settings', 'values'] as const,
    users: () => ['settings', 'users'] as const,
    apiKeys: {
      all: ['settings', 'api-keys'] as const,
      list: (includeRevoked: boolean) => ['settings', 'api-keys', { includeRevoked }] as const,
    },
    webhooks: () => ['settings', 'webhooks'] as const,
    deliveries: (endpointId: number) => ['settings', 'deliveries', endpointId] as const,
  },
};
