import { encode } from 'next-auth/jwt';
import { createApiKey } from '../../lib/auth/api-keys';
import { createUser } from '../../lib/auth/users';
import type { Tx } from '../../lib/db';
import { signatureHeaders } from '../../lib/webhooks/signature';
import type { TestDb } from './db';
import { matchRoute, routeFiles } from './route-files';

/**
 * Calling route handlers the way Next does, without a server: a real Request, params as a promise. The
 * process-wide database handle (getDb) must point at the test database BEFORE the first handler runs.
 */
export const TEST_AUTH_SECRET = 'test-auth-secret-0123456789-abcdefghijklmnop';
export const TEST_INBOUND_SECRET = 'inbound-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

export function useTestDbForRoutes(t: TestDb) {
  process.env.DATABASE_URL = t.url;
  process.env.AUTH_SECRET = TEST_AUTH_SECRET;
  process.env.INBOUND_WEBHOOK_SECRET = TEST_INBOUND_SECRET;
}

const routes = routeFiles();

export interface CallOptions {
  /** An object is sent as JSON; a string is sent as is; FormData as multipart/form-data. */
  body?: unknown;
  headers?: Record<string, string>;
  key?: string;
  cookie?: string;
  /** Leave out the Origin header a browser sends with a cookie on POST/PUT/PATCH/DELETE. */
  omitOrigin?: boolean;
  /** Sign the body like the WhatsApp gateway (inbound webhooks). */
  sign?: { secret?: string; now?: Date };
}

export async function call(method: string, urlPath: string, options: CallOptions = {}): Promise<Response> {
  const url = new URL(urlPath, 'http://localhost');
  const match = matchRoute(routes, url.pathname);
  if (!match) throw new Error(`no route file serves ${url.pathname}`);
  const module = (await import(match.route.file)) as Record<
    string,
    (request: Request, ctx: { params: Promise<unknown> }) => Promise<Response>
  >;
  const handler = module[method];
  if (!handler) throw new Error(`${match.route.file} exports no ${method}`);
  const headers: Record<string, string> = { ...options.headers };
  let body: string | FormData | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.cookie && !options.omitOrigin && !['GET', 'HEAD'].includes(method)) {
    headers.origin ??= url.origin;
    headers.host ??= url.host;
  }
  if (options.sign)
    Object.assign(
      headers,
      signatureHeaders(
        options.sign.secret ?? TEST_INBOUND_SECRET,
        typeof body === 'string' ? body : '',
        options.sign.now,
      ),
    );
  const request = new Request(url, { method, headers, body });
  return handler(request, { params: Promise.resolve(match.params) });
}

/** A session cookie as Auth.js would set it after a sign-in (same secret, same salt). */
export async function sessionCookie(
  userId: number,
  role: 'superadmin' | 'viewer' = 'superadmin',
  sessionVersion = 0,
) {
  const token = await encode({
    token: { uid: String(userId), role, sub: String(userId), sv: sessionVersion },
    secret: TEST_AUTH_SECRET,
    salt: 'authjs.session-token',
    maxAge: 3600,
  });
  return `authjs.session-token=${token}`;
}

let userCounter = 0;

export async function createUserWithCookie(db: Tx, role: 'superadmin' | 'viewer') {
  userCounter++;
  const user = await createUser(db, {
    email: `${role}-${userCounter}-${Date.now()}@tuki.test`,
    password: 'a-long-password-123',
    role,
  });
  return { user, cookie: await sessionCookie(user.id, role) };
}

export async function createKey(db: Tx, scope: 'read' | 'write') {
  const { key, apiKey } = await createApiKey(db, { name: `test ${scope}`, scope }, { type: 'system' });
  return { key, apiKey };
}

export interface ErrorShape {
  error: { code: string; message: string; details?: unknown };
}

/** The response's JSON, asserting the one error shape when the status is an error. */
export async function errorOf(response: Response): Promise<ErrorShape> {
  const body = (await response.json()) as ErrorShape;
  if (
    typeof body?.error?.code !== 'string' ||
    typeof body.error.message !== 'string' ||
    Object.keys(body).length !== 1
  )
    throw new Error(`not the error shape: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}
