/** The error shape every API route answers with. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The WhatsApp number the dashboard is showing; set once per render by the Providers. */
let activeSession: string | null = null;
export function setActiveSession(name: string | null): void {
  activeSession = name;
}

/** Session-scoped API paths carry the chosen number as `?session=` (unless the caller already set one). */
function withSession(path: string): string {
  if (!activeSession || !path.startsWith(V1) || /[?&]session=/.test(path)) return path;
  return `${path}${path.includes('?') ? '&' : '?'}session=${encodeURIComponent(activeSession)}`;
}

/** fetch for the dashboard: same-origin JSON, the session cookie, and our error shape turned into ApiError. */
export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const response = await fetch(withSession(path), {
    ...rest,
    headers: {
      Accept: 'application/json',
      ...(json !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...rest.headers,
    },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
    credentials: 'same-origin',
  });
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => null)) as {
    error?: { code: string; message: string; details?: unknown };
  } | null;
  if (!response.ok) {
    if (response.status === 401 && typeof window !== 'undefined')
      window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
    throw new ApiError(
      response.status,
      body?.error?.code ?? 'error',
      body?.error?.message ?? response.statusText,
      body?.error?.details,
    );
  }
  return body as T;
}

export const V1 = '/api/v1/superadmin/whatsapp';
