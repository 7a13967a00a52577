import type { FakeMessageInput } from '../worker/whatsapp/fake/control-server';
import type { SentRecord } from '../worker/whatsapp/fake/fake-world';

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

/** The fake phone of another WhatsApp number (`?session=NAME` on every call). */
export function fakeFor(session: string) {
  const q = `?session=${encodeURIComponent(session)}`;
  return {
    scan: () => call('POST', `/scan${q}`),
    chats: (chats: { id: string; name: string }[]) => call('POST', `/chats${q}`, { chats }),
    message: (m: { chatId: string; body: string }) =>
      call<{ protocolId: string }>('POST', `/messages${q}`, m),
    state: () => call<{ linked: boolean; connected: boolean }>('GET', `/state${q}`),
  };
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
  message: (m: Pick<FakeMessageInput, 'chatId' | 'body' | 'from' | 'author' | 'fromMe'>) =>
    call<{ id: string; protocolId: string }>('POST', '/messages', m),
  /** Any kind of incoming message: `type` plus media, caption, location, vcards, poll (the fake's names). */
  rich: (m: FakeMessageInput) => call<{ id: string; protocolId: string }>('POST', '/messages', m),
  edit: (id: string, body: string) => call('POST', `/messages/${encodeURIComponent(id)}/edit`, { body }),
  revoke: (id: string) => call('POST', `/messages/${encodeURIComponent(id)}/revoke`),
  reaction: (r: { messageId: string; emoji: string; from: string }) => call('POST', '/reactions', r),
  misbehave: (m: Record<string, unknown>) => call('POST', '/misbehave', m),
  sent: () => call<SentRecord[]>('GET', '/sent'),
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
