import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { treeRssMb } from '../../lib/process/proc-tree';
import { WORKER_NODE_FLAGS } from '../../scripts/lib/bundle';
import type { SentRecord } from '../../worker/whatsapp/fake/fake-world';
import { exited, freePort, waitFor } from './processes';

/**
 * The real processes, started the way production starts them (`next start`, `worker/index.ts`), each against a
 * given database: used by the fault-injection tests and the benchmarks. Output is kept (last 200 lines) so a
 * failure can say what the process printed.
 */
export const STACK_AUTH_SECRET = 'stack-auth-secret-0123456789-abcdefghijklmnop';
const root = path.resolve(import.meta.dirname, '../..');

export interface Proc {
  child: ChildProcess;
  output: () => string;
  rssMb: () => number | null;
  /** SIGTERM and wait (SIGKILL after `graceMs`). */
  stop: (graceMs?: number) => Promise<void>;
  kill9: () => Promise<void>;
}

function run(name: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const proc: Proc = {
    child,
    output: () => `[${name}]\n${lines.join('\n')}`,
    rssMb: () => (child.pid ? treeRssMb(child.pid) : null),
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited(child);
      clearTimeout(timer);
    },
    async kill9() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited(child);
    },
  };
  return proc;
}

export function hasBuild(): boolean {
  return existsSync(path.join(root, '.next/BUILD_ID'));
}

export interface Web extends Proc {
  url: string;
  port: number;
}

/** The web server (scripts/web-server.ts) on a free port (the app must be built: `npm run build`). Resolves once it answers HTTP. */
export async function startWeb(databaseUrl: string, env: Record<string, string> = {}): Promise<Web> {
  if (!hasBuild()) throw new Error('The web app is not built: run `npm run build` first.');
  const port = await freePort();
  const proc = run('web', ['--import', 'tsx', path.join(root, 'scripts/web-server.ts')], {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: STACK_AUTH_SECRET,
    AUTH_TRUST_HOST: 'true',
    NEXT_TELEMETRY_DISABLED: '1',
    ...env,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    'the web server to answer',
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`web exited early:\n${proc.output()}`);
      const res = await fetch(`${url}/api/health`).catch(() => undefined);
      return res ? true : undefined;
    },
    60_000,
  );
  return { ...proc, url, port };
}

export interface Worker extends Proc {
  fake: FakeClient;
  fakePort: number;
  /** The fake phone of one number run (or to be run) by this worker: `?session=NAME` on every call. */
  fakeFor: (session: string) => FakeClient;
}

/**
 * `worker/index.ts` with the fake WhatsApp driver; its world (the "phone") lives in `dataDir`. Tests run the
 * sources through tsx; `bundle: true` runs the compiled `dist/worker.mjs` production ships (benchmarks).
 */
export async function startWorker(
  databaseUrl: string,
  dataDir: string,
  env: Record<string, string> = {},
  options: { bundle?: boolean } = {},
): Promise<Worker> {
  const fakePort = Number(env.FAKE_WA_PORT ?? (await freePort()));
  const entry = options.bundle
    ? [...WORKER_NODE_FLAGS, 'dist/worker.mjs']
    : ['--import', 'tsx', 'worker/index.ts'];
  const proc = run('worker', entry, {
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    WA_DRIVER: 'fake',
    NODE_ENV: 'test',
    FAKE_WA_PORT: String(fakePort),
    FAKE_WA_TOKEN,
    ...env,
  });
  const fake = fakeClient(fakePort);
  await waitFor(
    'the worker to start',
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`worker exited early:\n${proc.output()}`);
      return (await fake.state().catch(() => undefined)) ? true : undefined;
    },
    60_000,
  );
  return { ...proc, fake, fakePort, fakeFor: (session) => fakeClient(fakePort, FAKE_WA_TOKEN, session) };
}

export interface FakeState {
  linked: boolean;
  connected: boolean;
  /** WhatsApp clients the worker has started on this phone (a restart builds a new one). */
  clients: number;
  chats: number;
  messages: number;
}
export type { SentRecord } from '../../worker/whatsapp/fake/fake-world';

export type FakeClient = ReturnType<typeof fakeClient>;

/** The token every test worker's fake control API is started with. */
export const FAKE_WA_TOKEN = 'test-fake-wa-token-0123456789';

/** The fake driver's control API (what a phone and its contacts would do). */
export function fakeClient(port: number, token = FAKE_WA_TOKEN, session?: string) {
  const base = `http://127.0.0.1:${port}`;
  async function call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const query = session ? `?session=${encodeURIComponent(session)}` : '';
    const res = await fetch(`${base}${route}${query}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`fake ${method} ${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  return {
    state: () => call<FakeState>('GET', '/state'),
    scan: () => call<{ linked: boolean }>('POST', '/scan'),
    chats: (chats: { id: string; name: string; isGroup?: boolean }[]) => call('POST', '/chats', { chats }),
    message: (m: { chatId: string; body: string; fromMe?: boolean; id?: string; author?: string }) =>
      call<{ id: string; protocolId: string }>('POST', '/messages', m),
    bulk: (b: { count: number; chats?: number; rate?: number }) =>
      call<{ accepted: number }>('POST', '/messages/bulk', b),
    sent: () => call<SentRecord[]>('GET', '/sent'),
    reset: () => call('POST', '/reset'),
    misbehave: (m: Record<string, boolean | number>) => call('POST', '/misbehave', m),
  };
}

/** Link the fake phone (scan the QR) and wait until the session is `ready` in the database. */
export async function linkAndWaitReady(
  worker: Worker,
  sessionStatus: () => Promise<string | undefined>,
  timeoutMs = 30_000,
): Promise<void> {
  await waitFor(
    'the QR to be shown or the phone to be linked',
    async () => {
      const state = await worker.fake.state();
      if (state.linked) return true;
      return (await worker.fake.scan().catch(() => undefined)) ? true : undefined;
    },
    timeoutMs,
  );
  await waitFor(
    'session ready',
    async () => ((await sessionStatus()) === 'ready' ? true : undefined),
    timeoutMs,
  );
}

/** A session cookie exactly as Auth.js writes it after a credentials sign-in (same secret and salt). */
export async function sessionCookieFor(userId: number, role: 'superadmin' | 'viewer' = 'superadmin') {
  const token = await encode({
    token: { uid: String(userId), role, sub: String(userId) },
    secret: STACK_AUTH_SECRET,
    salt: 'authjs.session-token',
    maxAge: 3600,
  });
  return `authjs.session-token=${token}`;
}

export interface SseClient {
  events: { at: number; data: unknown }[];
  errors: string[];
  /** Resolves with the first event (after `since`) that `match` accepts. */
  waitFor: (match: (data: unknown) => boolean, timeoutMs: number, since?: number) => Promise<number>;
  close: () => void;
}

/** A browser's EventSource, minimally: one GET, `data:` lines parsed as JSON, arrival times recorded. */
export async function openSse(url: string, cookie: string): Promise<SseClient> {
  const controller = new AbortController();
  const res = await fetch(url, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`SSE ${url}: ${res.status} ${await res.text()}`);
  const events: SseClient['events'] = [];
  const errors: string[] = [];
  const waiters = new Set<() => void>();
  let closed = false;
  // The server's first block (`event: ready`, or a comment) is written once its LISTEN is active: only
  // from then on is no event missed, so the client counts as open at that point, not at the headers.
  let opened: () => void = () => {};
  const open = new Promise<void>((resolve) => {
    opened = resolve;
  });
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          const named = lines.some((line) => line.startsWith('event:'));
          for (const line of lines) {
            // Named events (`ready`) are the stream's own signals, not live events.
            if (!named && line.startsWith('data: '))
              events.push({ at: performance.now(), data: JSON.parse(line.slice(6)) });
          }
          opened();
          end = buffer.indexOf('\n\n');
        }
        for (const wake of waiters) wake();
      }
      if (!closed) errors.push('stream ended');
    } catch (error) {
      if (!closed) errors.push(error instanceof Error ? error.message : String(error));
    }
    opened();
  })();
  await open;
  return {
    events,
    errors,
    waitFor(match, timeoutMs, since = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = events.find((e) => e.at >= since && match(e.data));
          if (!hit) return false;
          cleanup();
          resolve(hit.at);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching SSE event within ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        if (!check()) waiters.add(check);
      });
    },
    close() {
      closed = true;
      controller.abort();
    },
  };
}
