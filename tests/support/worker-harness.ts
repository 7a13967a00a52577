import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../lib/config';
import { createLogger } from '../../lib/log';
import { ensureSession } from '../../lib/whatsapp/sessions/lease';
import type { DomainHooks } from '../../worker/hooks';
import type { PaceSettings } from '../../worker/outbox/pacer';
import { SessionRunner } from '../../worker/session-runner';
import { FakeDriver } from '../../worker/whatsapp/fake/fake-driver';
import { FakeWorld } from '../../worker/whatsapp/fake/fake-world';
import type { WhatsAppDriver } from '../../worker/whatsapp/port';
import { createUserWithCookie, useTestDbForRoutes } from './api';
import { createTestDb, type TestDb } from './db';
import { waitFor } from './processes';

export interface HookCalls {
  processed: number[];
  sendResults: { commandId: number; ok: boolean; protocolId?: string; error?: string }[];
  acked: string[];
}

/**
 * A SessionRunner on the fake driver, in-process, against a test database: the worker's real code path
 * with WhatsApp scripted. `stop()` then `start()` again simulates downtime; the fake world persists.
 */
export async function startHarness(
  t: TestDb,
  overrides: Record<string, string> = {},
  connection: Pick<TestDb, 'db' | 'sql'> = t,
  customDriver?: () => WhatsAppDriver,
  domain?: { hooks: DomainHooks; pace: () => PaceSettings },
) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tuki-fake-'));
  const world = new FakeWorld(dir);
  const config = loadConfig({
    WA_DRIVER: 'fake',
    INGEST_BATCH_MS: '5',
    WA_WATCHDOG_SECONDS: '3600',
    WA_MAX_RESTARTS: '3',
    ...overrides,
  });
  const session = await ensureSession(t.db, 'default');
  const calls: HookCalls = { processed: [], sendResults: [], acked: [] };
  const hooks: DomainHooks = {
    processMessages: async (_db, input) => {
      calls.processed.push(...input.messageIds);
    },
    onSendResult: async (_db, input) => {
      calls.sendResults.push(input);
    },
    onOutgoingAcks: async (_db, input) => {
      calls.acked.push(...input.protocolIds);
    },
    onGroupsChanged: async () => {},
    onSessionStatus: async () => {},
    tick: async () => {},
  };
  let driver: FakeDriver | undefined;
  let controller: AbortController | undefined;
  let running: Promise<void> | undefined;
  let runner: SessionRunner | undefined;
  const harness = {
    world,
    config,
    calls,
    sessionId: session.id,
    get driver() {
      if (!driver) throw new Error('no client running');
      return driver;
    },
    get runner() {
      return runner!;
    },
    start(owner = 'test-owner') {
      controller = new AbortController();
      runner = new SessionRunner({
        db: connection.db,
        sql: connection.sql,
        config,
        log: createLogger('test', process.env.HARNESS_LOG ?? 'silent'),
        owner,
        sessionId: session.id,
        hooks: domain?.hooks ?? hooks,
        createDriver:
          customDriver ??
          (() => {
            driver = new FakeDriver(world, { qrRotateMs: 200 });
            return driver;
          }),
        pace: domain?.pace ?? (() => ({ perChatGapMs: 0, perMinute: 10_000, jitterMs: 0 })),
        qrTtlMs: 200,
      });
      running = runner.run(controller.signal);
    },
    async stop() {
      controller?.abort();
      await running;
    },
    async status() {
      const [row] = await t.sql<
        { status: string }[]
      >`select status::text from whatsapp_sessions where id = ${session.id}`;
      return row?.status;
    },
    async lastError() {
      const [row] = await t.sql<{ last_error: string | null }[]>`
        select last_error from whatsapp_sessions where id = ${session.id}`;
      return row?.last_error ?? null;
    },
    async waitForStatus(status: string, timeoutMs = 10_000) {
      await waitFor(
        `session status ${status}`,
        async () => ((await harness.status()) === status ? true : undefined),
        timeoutMs,
      );
    },
    async messageCount(where = t.sql`true`) {
      const [row] = await t.sql<
        { n: number }[]
      >`select count(*)::int as n from whatsapp_messages where ${where}`;
      return row!.n;
    },
    async cleanup() {
      await harness.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/**
 * For suites that drive the API against a running worker: a fresh database the routes use, a worker on a
 * linked fake phone that is ready, and a superadmin's cookie. `drop()` stops the worker and the database.
 */
export async function startReadyWorker() {
  const t = await createTestDb();
  // biome-ignore lint/correctness/useHookAtTopLevel: not a React hook; it points the route handlers at `t`.
  useTestDbForRoutes(t);
  const h = await startHarness(t);
  h.world.linked = true;
  h.start();
  await h.waitForStatus('ready');
  const { cookie } = await createUserWithCookie(t.db, 'superadmin');
  return {
    t,
    h,
    cookie,
    async drop() {
      await h.stop();
      await h.cleanup();
      await t.drop();
    },
  };
}
