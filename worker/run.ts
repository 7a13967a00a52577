import { hostname } from 'node:os';
import { count } from 'drizzle-orm';
import type { Config } from '../lib/config';
import type { Db, Sql } from '../lib/db';
import { whatsappSessions } from '../lib/db/schema';
import { listen } from '../lib/events/notify';
import type { Logger } from '../lib/log';
import { targetPolicyFrom } from '../lib/webhooks/target';
import { acquireLease, ensureSession } from '../lib/whatsapp/sessions/lease';
import { settleAbandonedNumbers } from '../lib/whatsapp/sessions/leftover-commands';
import {
  type PoolWorker,
  pickClaim,
  readPool,
  registerWorker,
  removeWorker,
  shouldRun,
} from '../lib/whatsapp/sessions/pool';
import type { DomainHooks } from './hooks';
import { reportFailure } from './metrics/failures';
import type { PaceSettings } from './outbox/pacer';
import { SessionSlot } from './session-slot';
import { Wakeup } from './sleep';
import { runWebhookLoop } from './webhook-loop';
import type { DriverFactory } from './whatsapp/create-driver';

export interface WorkerContext {
  db: Db;
  sql: Sql;
  config: Config;
  log: Logger;
  owner: string;
  signal: AbortSignal;
  drivers: DriverFactory;
  hooks: DomainHooks;
  pace: () => PaceSettings;
  /** WA_SESSION set in the environment: this worker runs that one number and claims no other. */
  pinnedSession: string | null;
}

/**
 * The worker pool, one process's share of it: every beat (and at once on a `pool` NOTIFY from the dashboard)
 * it reads the pool from PostgreSQL, stops the numbers it runs that should not run any more (stopped or
 * deleted), and claims numbers that should run and have no live lease, up to WORKER_MAX_SESSIONS, when it
 * is the least-loaded worker with room (lib/whatsapp/sessions/pool.ts). Each claimed number runs in its own
 * SessionSlot with its own lease, heartbeat and fencing. On abort (SIGTERM) every slot drains: buffered
 * messages are flushed, the client closed, the lease released.
 */
export async function runWorker(ctx: WorkerContext): Promise<void> {
  const { db, config, log, owner, signal } = ctx;
  const leaseSeconds = config.WORKER_LEASE_SECONDS;
  const beatMs = Math.min(config.WORKER_HEARTBEAT_SECONDS * 1000, (leaseSeconds * 1000) / 3);
  const tickMs = Math.min(2000, beatMs);
  const me: PoolWorker = {
    owner,
    capacity: ctx.pinnedSession ? 1 : config.WORKER_MAX_SESSIONS,
    pinnedSession: ctx.pinnedSession,
  };
  await prepareSessions(db, config, ctx.pinnedSession);

  const webhooks = runWebhookLoop({ ...ctx, targetPolicy: targetPolicyFrom(config) }, signal);
  const wakeup = new Wakeup();
  const listener = await listen(ctx.sql, 'pool', () => wakeup.wake()).catch((error: unknown) => {
    // Starts and stops from the dashboard are then seen on the next poll, a couple of seconds later.
    reportFailure(log, 'listen', error, 'could not LISTEN for pool changes; polling only');
    return undefined;
  });
  const slots = new Map<number, { slot: SessionSlot; done: Promise<void> }>();
  let announcedFull = false;
  let lastSweep = 0;

  while (!signal.aborted) {
    try {
      await registerWorker(db, { ...me, host: hostname(), pid: process.pid });
      const pool = await readPool(db, leaseSeconds);
      for (const [id, { slot }] of slots) {
        const session = pool.sessions.find((s) => s.id === id);
        if (!session || !shouldRun(session))
          slot.stop(session?.deleted || !session ? 'deleted' : 'stopped from the dashboard');
      }
      while (slots.size < me.capacity && !signal.aborted) {
        const pick = pickClaim(pool, me);
        if (!pick) break;
        const acquired = await acquireLease(db, pick.id, owner, leaseSeconds);
        // Someone else was quicker (or it was stopped meanwhile): the next beat reads the pool again.
        if (!acquired) break;
        pick.liveOwner = owner;
        log.info({ session: pick.name, owner, running: slots.size + 1 }, 'session lease acquired');
        const slot = new SessionSlot(ctx, { id: pick.id, name: pick.name }, { leaseSeconds, beatMs });
        const done = slot.run().finally(() => {
          slots.delete(pick.id);
          wakeup.wake();
        });
        slots.set(pick.id, { slot, done });
      }
      if (Date.now() - lastSweep >= SWEEP_MS) {
        lastSweep = Date.now();
        const settled = await settleAbandonedNumbers(db);
        if (settled > 0)
          log.info({ settled }, 'settled the open commands of deleted numbers whose worker died');
      }
      const waiting = pool.sessions.filter((s) => shouldRun(s) && s.liveOwner === null);
      const full = slots.size >= me.capacity && waiting.length > 0 && !ctx.pinnedSession;
      if (full && !announcedFull)
        log.warn(
          { capacity: me.capacity, waiting: waiting.map((s) => s.name) },
          'this worker is full (WORKER_MAX_SESSIONS); numbers wait for a worker with room',
        );
      announcedFull = full;
    } catch (error) {
      // Database unreachable: the running slots fence themselves; claims wait for the next beat.
      reportFailure(log, 'pool', error, 'could not read the worker pool; retrying');
    }
    await wakeup.wait(tickMs, signal);
  }

  for (const { slot } of slots.values()) slot.stop('shutdown');
  await Promise.allSettled([...slots.values()].map((s) => s.done));
  await removeWorker(db, owner).catch((error: unknown) =>
    reportFailure(log, 'pool', error, 'could not remove this worker from the pool'),
  );
  await listener
    ?.unlisten()
    .catch((error: unknown) => reportFailure(log, 'unlisten', error, 'could not UNLISTEN pool changes'));
  await webhooks;
}

/**
 * How often the pool looks for deleted numbers whose worker died mid-command (their commands would wait for
 * ever otherwise). Rare, and a minute late harms nobody: the query is cheap but need not run every beat.
 */
const SWEEP_MS = 60_000;

/**
 * A pinned worker makes sure its number exists. A pool on an installation without any number creates the
 * default one (WA_SESSION's default), so a first start has something to scan; later numbers come from the
 * dashboard or the API.
 */
async function prepareSessions(db: Db, config: Config, pinned: string | null): Promise<void> {
  if (pinned) {
    await ensureSession(db, pinned);
    return;
  }
  const [row] = await db.select({ n: count() }).from(whatsappSessions);
  if ((row?.n ?? 0) === 0) await ensureSession(db, config.WA_SESSION);
}
