/**
 * When Chromium's memory justifies a restart. Hysteresis: over the cap on two checks in a row (one spike is
 * not growth), and the streak only ends once usage falls under 90 % of the cap. Backoff: a memory restart that
 * comes back over the cap soon after is not repeated every minute forever; each one doubles the wait before
 * the next (10 min, 20, 40… up to 12 h), reset after a whole backoff period without one.
 */
export class MemoryGuard {
  private overStreak = 0;
  private restarts = 0;
  private lastRestartAt = -Infinity;

  constructor(
    private readonly capMb: number,
    private readonly baseBackoffMs = 10 * 60_000,
    private readonly maxBackoffMs = 12 * 3_600_000,
  ) {}

  /** The wait required after the last memory restart before another one. */
  get backoffMs(): number {
    return Math.min(this.baseBackoffMs * 2 ** Math.max(this.restarts - 1, 0), this.maxBackoffMs);
  }

  check(mb: number, now = Date.now()): 'ok' | 'restart' | 'held' {
    if (mb < this.capMb * 0.9) this.overStreak = 0;
    else if (mb > this.capMb) this.overStreak++;
    if (this.overStreak < 2) return 'ok';
    const since = now - this.lastRestartAt;
    if (this.restarts > 0 && since < this.backoffMs) return 'held';
    if (since >= this.backoffMs * 2) this.restarts = 0;
    this.restarts++;
    this.lastRestartAt = now;
    this.overStreak = 0;
    return 'restart';
  }
}
