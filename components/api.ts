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

/** A session-scoped API path for one WhatsApp number (`?session=`, from useWhatsAppNumber()). */
function withSession(path: string, session: string | undefined): string {
  if (session === undefined) return path;
  return `${path}${path.includes('?') ? '&' : '?'}session=${encodeURIComponent(session)}`;
}

/** fetch for the dashboard: same-origin JSON, the session cookie, and our error shape turned into ApiError. */
export async function api<T>(
  path: string,
  init: RequestInit & { json?: unknown; session?: string } = {},
): Promise<T> {
  const { json, session, ...rest } = init;
  const response = await fetch(withSession(path, session), {
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
