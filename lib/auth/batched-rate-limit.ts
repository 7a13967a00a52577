import { sql } from 'drizzle-orm';
import type { Tx } from '../db';
import type { RateLimitResult } from './rate-limit';

interface Window {
  /** Hits in the shared `rate_limits` row as of the last read or flush (every replica's). */
  shared: number;
  /** Hits counted here since then, not yet written. */
  pending: number;
  /** When the window ends, by this process's clock (from the database's remaining seconds, so no clock skew). */
  endsAt: number;
}

/**
 * The same fixed windows as `hitRateLimit` (same `rate_limits` rows), counted in memory and written in
 * batches: a hit costs no round trip. Each flush adds this process's pending hits to the shared rows in one
 * statement and reads back the totals, so a replica learns what the others counted within a flush interval.
 * The tolerance: across N replicas a key can get up to about one flush interval's worth of extra requests per
 * replica past its limit before every replica refuses it.
 */
export class BatchedRateLimit {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly options: { limit: number; windowSeconds: number }) {}

  /**
   * Counts one hit. `seen` is the shared row as just read from the database (a fresh lookup): it replaces
   * what this process knew, keeping the hits it has not written yet.
   */
  hit(key: string, seen?: { count: number; retryAfterSeconds: number }): RateLimitResult {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || now >= window.endsAt) {
      window = { shared: 0, pending: 0, endsAt: now + this.options.windowSeconds * 1000 };
      this.windows.set(key, window);
    }
    if (seen) {
      window.shared = seen.count;
      window.endsAt = now + seen.retryAfterSeconds * 1000;
    }
    window.pending++;
    const count = window.shared + window.pending;
    return {
      allowed: count <= this.options.limit,
      count,
      retryAfterSeconds: Math.max(1, Math.ceil((window.endsAt - now) / 1000)),
    };
  }

  get hasPending(): boolean {
    for (const window of this.windows.values()) if (window.pending > 0) return true;
    return false;
  }

  /** Writes the pending hits (one statement for all keys) and takes the shared totals back. */
  async flush(db: Tx): Promise<void> {
    const now = Date.now();
    const hits: { key: string; cost: number }[] = [];
    for (const [key, window] of this.windows) {
      if (now >= window.endsAt) this.windows.delete(key);
      else if (window.pending > 0) hits.push({ key, cost: window.pending });
    }
    if (hits.length === 0) return;
    const seconds = this.options.windowSeconds;
    const expired = sql`rate_limits.window_start <= now() - make_interval(secs => ${seconds})`;
    const rows = await db.execute<{ key: string; count: number; retry_after: number }>(sql`
      insert into rate_limits (key, window_start, count, updated_at)
      select key, now(), cost, now()
        from jsonb_to_recordset(${JSON.stringify(hits)}::jsonb) as hits(key text, cost int)
      on conflict (key) do update set
        count = case when ${expired} then excluded.count else rate_limits.count + excluded.count end,
        window_start = case when ${expired} then now() else rate_limits.window_start end,
        updated_at = now()
      returning key, count,
        ceil(extract(epoch from window_start + make_interval(secs => ${seconds}) - now()))::int as retry_after`);
    const written = new Map(hits.map((hit) => [hit.key, hit.cost]));
    const after = Date.now();
    for (const row of rows) {
      const window = this.windows.get(row.key);
      if (!window) continue;
      // Hits that arrived while the statement ran stay pending for the next flush.
      window.pending = Math.max(0, window.pending - (written.get(row.key) ?? 0));
      window.shared = row.count;
      window.endsAt = after + Math.max(1, row.retry_after) * 1000;
    }
  }
}
