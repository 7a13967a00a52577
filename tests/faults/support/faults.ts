import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { z } from 'zod';
import type { Sql } from '../../../lib/db';
import { createTestDb, type TestDb } from '../../support/db';
import { waitFor } from '../../support/processes';
import { linkAndWaitReady, startWorker, type Worker } from '../../support/stack';

/**
 * Durations of the long scenarios, from the environment: the figures by default, shorter in CI
 * (.ci/run sets them) so the whole suite fits the CI budget on two cores.
 */
export const faultSettings = z
  .object({
    /** How long the webhook receiver stays down. */
    FAULTS_OUTAGE_SECONDS: z.coerce.number().int().min(5).max(600).default(60),
    /** How long the SSE + burst + API load runs. */
    FAULTS_LOAD_SECONDS: z.coerce.number().int().min(5).max(600).default(60),
  })
  .parse({
    FAULTS_OUTAGE_SECONDS: process.env.FAULTS_OUTAGE_SECONDS || undefined,
    FAULTS_LOAD_SECONDS: process.env.FAULTS_LOAD_SECONDS || undefined,
  });

export function tempDir(prefix: string) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The start-up every fault scenario shares, called at the top of its `describe`: a fresh database (unless the
 * scenario brings its own server: `database: false`), one data directory for the fake phone, and the worker
 * processes it starts. All of it is torn down after the file, workers first with SIGKILL (a scenario may have
 * killed some already). Hooks run in reverse order, so a scenario's own afterAll runs before this one unless
 * it is registered before the call.
 */
export function faultScenario(prefix: string, options: { database?: boolean } = {}) {
  const data = tempDir(prefix);
  const workers: Worker[] = [];
  let testDb: TestDb | undefined;
  if (options.database !== false)
    beforeAll(async () => {
      testDb = await createTestDb();
    });
  // A failure in CI must say what the processes printed (a crash's stack is only there).
  afterEach(({ task }) => {
    if (task.result?.state === 'fail') for (const worker of workers) console.log(worker.output());
  });
  afterAll(async () => {
    for (const worker of workers) await worker.kill9();
    await testDb?.drop();
    data.remove();
  });
  const db = (): TestDb => {
    if (!testDb) throw new Error('this fault scenario runs without a test database');
    return testDb;
  };
  /** A worker process (fake WhatsApp) on `databaseUrl`, default the test database; killed after the file. */
  const start = async (env: Record<string, string> = {}, databaseUrl = db().url) => {
    const worker = await startWorker(databaseUrl, data.dir, env);
    workers.push(worker);
    return worker;
  };
  return {
    get t() {
      return db();
    },
    startWorker: start,
    /** A worker whose phone is linked and whose session is `ready` (read through `sql`). */
    async startReadyWorker(env: Record<string, string> = {}, databaseUrl?: string, sql?: Sql) {
      const worker = await start(env, databaseUrl);
      await linkAndWaitReady(worker, sessionStatus(sql ?? db().sql));
      return worker;
    },
  };
}

/** Rows and distinct idempotency keys: equal when nothing was stored twice. */
export async function messageCounts(sql: Sql) {
  const [row] = await sql<{ total: number; distinct: number }[]>`
    select count(*)::int as total, count(distinct (protocol_id, from_me))::int as distinct
    from whatsapp_messages`;
  return row!;
}

export async function waitForMessages(sql: Sql, expected: number, timeoutMs: number) {
  await waitFor(
    `${expected} stored messages`,
    async () => ((await messageCounts(sql)).total >= expected ? true : undefined),
    timeoutMs,
  );
  // Anything arriving late (a duplicate) would show up right after: look again.
  await new Promise((r) => setTimeout(r, 1500));
  return messageCounts(sql);
}

export const sessionStatus = (sql: Sql) => async () =>
  (await sql<{ status: string }[]>`select status::text from whatsapp_sessions`)[0]?.status;

export async function leaseOwner(sql: Sql): Promise<string | undefined> {
  const [row] = await sql<{ lease_owner: string | null }[]>`select lease_owner from whatsapp_sessions`;
  return row?.lease_owner ?? undefined;
}

/** Scans a number's QR on its fake phone as soon as it shows one, then waits until the phone is connected. */
export async function linkFakePhone<
  P extends { scan(): Promise<unknown>; state(): Promise<{ connected: boolean }> },
>(phone: P, name: string, timeoutMs = 30_000): Promise<P> {
  await waitFor(
    `the QR of ${name}`,
    async () => ((await phone.scan().catch(() => undefined)) ? true : undefined),
    timeoutMs,
  );
  await waitFor(
    `${name} connected`,
    async () => ((await phone.state()).connected ? true : undefined),
    timeoutMs,
  );
  return phone;
}
