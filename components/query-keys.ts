/** Query-key factories per area; live events invalidate by area root. */
export const keys = {
  session: {
    all: ['session'] as const,
    status: () => ['session', 'status'] as const,
    qr: () => ['session', 'qr'] as const,
  },
  chats: {
    all: ['chats'] as const,
    list: (filters: Record<string, unknown>) => ['chats', 'list', filters] as const,
    detail: (id: number) => ['chats', 'detail', id] as const,
  },
  messages: { all: ['messages'] as const, list: (chatId: number) => ['messages', chatId] as const },
  groups: {
    all: ['groups'] as const,
    list: (filters: Record<string, unknown>) => ['groups', 'list', filters] as const,
  },
  experiences: {
    all: ['experiences'] as const,
    list: (filters: Record<string, unknown>) => ['experiences', 'list', filters] as const,
  },
  operators: {
    all: ['operators'] as const,
    list: (filters: Record<string, unknown>) => ['operators', 'list', filters] as const,
  },
  requests: {
    all: ['requests'] as const,
    list: (filters: Record<string, unknown>) => ['requests', 'list', filters] as const,
    detail: (id: number) => ['requests', 'detail', id] as const,
  },
  commands: { detail: (id: number) => ['commands', id] as const },
  overview: {
    all: ['overview'] as const,
    summary: (timeZone: string) => ['overview', 'summary', timeZone] as const,
    parked: () => ['overview', 'parked'] as const,
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
