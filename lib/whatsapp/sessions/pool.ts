import { sql } from 'drizzle-orm';
import type { Tx } from '../../db';
import { whatsappSessions, whatsappWorkers } from '../../db/schema';
import type { SessionDesiredState } from './status';

/**
 * The worker pool's shared view, all in PostgreSQL: which numbers should run (desired state on the session
 * row), who holds each one's lease, and which worker processes are alive with how much room. Every worker
 * reads the same snapshot and applies the same rule (`pickClaim`), so numbers spread evenly without any
 * coordinator; the lease update itself stays the one atomic step that decides who runs a number.
 */

export interface PoolWorker {
  owner: string;
  capacity: number;
  pinnedSession: string | null;
}

export interface PoolSession {
  id: number;
  name: string;
  desiredState: SessionDesiredState;
  deleted: boolean;
  /** The holder of a lease that has not expired; null when nobody runs it (or the holder stopped renewing). */
  liveOwner: string | null;
}

export interface PoolSnapshot {
  workers: PoolWorker[];
  sessions: PoolSession[];
}

/** Announce (or renew) this worker in the pool; rows of workers gone for a day are cleared on the way. */
export async function registerWorker(
  db: Tx,
  worker: PoolWorker & { host: string; pid: number },
): Promise<void> {
  await db
    .insert(whatsappWorkers)
    .values({ ...worker, heartbeatAt: sql`now()`, startedAt: sql`now()` })
    .onConflictDoUpdate({
      target: whatsappWorkers.owner,
      set: { heartbeatAt: sql`now()`, capacity: worker.capacity, pinnedSession: worker.pinnedSession },
    });
}

export async function removeWorker(db: Tx, owner: string): Promise<void> {
  await db.delete(whatsappWorkers).where(sql`${whatsappWorkers.owner} = ${owner}`);
  await db.delete(whatsappWorkers).where(sql`${whatsappWorkers.heartbeatAt} < now() - interval '1 day'`);
}

/** Live workers (renewed within `liveSeconds`) and every session with its live lease holder. */
export async function readPool(db: Tx, liveSeconds: number): Promise<PoolSnapshot> {
  const [workers, sessions] = await Promise.all([
    db
      .select({
        owner: whatsappWorkers.owner,
        capacity: whatsappWorkers.capacity,
        pinnedSession: whatsappWorkers.pinnedSession,
      })
      .from(whatsappWorkers)
      .where(sql`${whatsappWorkers.heartbeatAt} > now() - make_interval(secs => ${liveSeconds})`)
      .orderBy(whatsappWorkers.owner),
    db
      .select({
        id: whatsappSessions.id,
        name: whatsappSessions.name,
        desiredState: whatsappSessions.desiredState,
        deleted: sql<boolean>`${whatsappSessions.deletedAt} is not null`,
        liveOwner: sql<
          string | null
        >`case when ${whatsappSessions.leaseExpiresAt} > now() then ${whatsappSessions.leaseOwner} end`,
      })
      .from(whatsappSessions)
      .orderBy(whatsappSessions.id),
  ]);
  return { workers, sessions };
}

export const shouldRun = (s: PoolSession) => s.desiredState === 'running' && !s.deleted;

/** How many live leases each owner holds. */
function loads(snapshot: PoolSnapshot): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of snapshot.sessions)
    if (s.liveOwner) counts.set(s.liveOwner, (counts.get(s.liveOwner) ?? 0) + 1);
  return counts;
}

/**
 * The number this worker should claim next, if any. A pinned worker (WA_SESSION) only ever takes its own
 * number. Otherwise the numbers that should run and have no live lease go, one at a time, to the pool worker
 * with room that runs the fewest (ties by owner id): only that worker claims, the others wait a beat and look
 * again, so a new worker fills up first and the numbers of a dead one spread over the survivors.
 */
export function pickClaim(snapshot: PoolSnapshot, me: PoolWorker): PoolSession | null {
  const pinnedElsewhere = new Set(
    snapshot.workers.filter((w) => w.pinnedSession && w.owner !== me.owner).map((w) => w.pinnedSession),
  );
  const free = snapshot.sessions.filter((s) => shouldRun(s) && s.liveOwner === null);
  if (me.pinnedSession) return free.find((s) => s.name === me.pinnedSession) ?? null;
  const candidates = free.filter((s) => !pinnedElsewhere.has(s.name));
  if (candidates.length === 0) return null;
  const load = loads(snapshot);
  const workers = snapshot.workers.some((w) => w.owner === me.owner)
    ? snapshot.workers
    : [...snapshot.workers, me];
  const withRoom = workers
    .filter((w) => !w.pinnedSession && (load.get(w.owner) ?? 0) < w.capacity)
    .sort((a, b) => (load.get(a.owner) ?? 0) - (load.get(b.owner) ?? 0) || a.owner.localeCompare(b.owner));
  return withRoom[0]?.owner === me.owner ? candidates[0]! : null;
}

/**
 * Why a number that should run has no worker, as the dashboard says it: every live worker is full, or no
 * worker is alive at all. Null when it runs, is stopped, or a worker with room is about to claim it.
 */
export function waitingReason(
  snapshot: PoolSnapshot,
  session: PoolSession,
): { reason: 'no_worker' | 'workers_full'; capacity: number } | null {
  if (!shouldRun(session) || session.liveOwner !== null) return null;
  const pool = snapshot.workers.filter((w) => !w.pinnedSession || w.pinnedSession === session.name);
  if (pool.length === 0) return { reason: 'no_worker', capacity: 0 };
  const load = loads(snapshot);
  const capacity = pool.reduce((n, w) => n + w.capacity, 0);
  const room = pool.some((w) => (load.get(w.owner) ?? 0) < w.capacity);
  return room ? null : { reason: 'workers_full', capacity };
}
