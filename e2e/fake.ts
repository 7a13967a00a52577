/** The fake WhatsApp's control API, as the e2e tests drive it (what a phone and its contacts would do). */
const base = `http://127.0.0.1:${process.env.E2E_FAKE_WA_PORT ?? 3101}`;
/** scripts/e2e-server.ts starts the worker with this token. */
export const E2E_FAKE_WA_TOKEN = process.env.E2E_FAKE_WA_TOKEN ?? 'e2e-fake-wa-token-0123456789';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${E2E_FAKE_WA_TOKEN}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`fake ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export const fake = {
  chats: (
    chats: {
      id: string;
      name: string;
      isGroup?: boolean;
      participants?: (string | { id: string; isAdmin?: boolean; isSuperAdmin?: boolean })[];
    }[],
  ) => call('POST', '/chats', { chats }),
  scan: () => call('POST', '/scan'),
  message: (m: { chatId: string; body: string; from?: string; author?: string; fromMe?: boolean }) =>
    call<{ protocolId: string }>('POST', '/messages', m),
  sent: () => call<{ chatId: string; body: string; id: string; at: string }[]>('GET', '/sent'),
  state: () => call<{ linked: boolean; connected: boolean }>('GET', '/state'),
  groups: () =>
    call<
      {
        id: string;
        name: string | null;
        inviteCode?: string;
        participants: { wid: string; isAdmin: boolean; isSuperAdmin: boolean }[] | null;
      }[]
    >('GET', '/groups'),
};
