import { sql } from 'drizzle-orm';
import type { Tx } from '../db';

export interface RateLimitResult {
  allowed: boolean;
  /** Hits counted in the current window, this one included. */
  count: number;
  /** Seconds until the window resets (what `Retry-After` says). */
  retryAfterSeconds: number;
}

/**
 * Fixed-window counter in the `rate_limits` table, so every web replica shares it. One statement: the row is
 * created, reset when its window is over, or incremented, atomically under the row lock — two replicas
 * counting the same key at the same instant both count.
 */
export async function hitRateLimit(
  db: Tx,
  key: string,
  options: { limit: number; windowSeconds: number; cost?: number },
): Promise<RateLimitResult> {
  const cost = options.cost ?? 1;
  const window = options.windowSeconds;
  const rows = await db.execute<{ count: number; retry_after: number }>(sql`
    insert into rate_limits (key, window_start, count, updated_at) values (${key}, now(), ${cost}, now())
    on conflict (key) do update set
      count = case when rate_limits.window_start <= now() - make_interval(secs => ${window})
                   then ${cost} else rate_limits.count + ${cost} end,
      window_start = case when rate_limits.window_start <= now() - make_interval(secs => ${window})
                          then now() else rate_limits.window_start end,
      updated_at = now()
    returning count,
      ceil(extract(epoch from window_start + make_interval(secs => ${window}) - now()))::int as retry_after`);
  const row = rows[0]!;
  // Keys come from client addresses and typed emails, so the table grows with every new one. A hit in a
  // thousand sweeps the windows long over: no scheduler needed, and the cost is spread thin.
  if (Math.random() < 0.001) await pruneRateLimits(db);
  return {
    allowed: row.count <= options.limit,
    count: row.count,
    retryAfterSeconds: Math.max(1, row.retry_after),
  };
}

/** Gives back hits (a successful sign-in does not count against the person who typed the right password). */
export async function refundRateLimit(db: Tx, key: string, cost = 1): Promise<void> {
  await db.execute(
    sql`update rate_limits set count = greatest(count - ${cost}, 0), updated_at = now() where key = ${key}`,
  );
}

/** Windows long over are dead weight; anything periodic may call this. */
export async function pruneRateLimits(db: Tx, olderThanSeconds = 3600): Promise<void> {
  await db.execute(
    sql`delete from rate_limits where window_start < now() - make_interval(secs => ${olderThanSeconds})`,
  );
}
