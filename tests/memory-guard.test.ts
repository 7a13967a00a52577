import { describe, expect, it } from 'vitest';
import { treePssMb, treeRssMb } from '../lib/process/proc-tree';
import { MemoryGuard } from '../worker/memory-guard';

const MIN = 60_000;

describe('Chromium memory watchdog', () => {
  it('measures PSS, which counts shared pages once, never more than summed RSS', () => {
    const pss = treePssMb(process.pid);
    const rss = treeRssMb(process.pid);
    expect(pss).toBeGreaterThan(0);
    expect(pss!).toBeLessThanOrEqual(rss!);
  });

  it('restarts only after two checks over the cap, not on one spike', () => {
    const guard = new MemoryGuard(1000);
    expect(guard.check(1200, 0)).toBe('ok');
    expect(guard.check(800, MIN)).toBe('ok'); // the spike passed
    expect(guard.check(1200, 2 * MIN)).toBe('ok');
    expect(guard.check(1200, 3 * MIN)).toBe('restart');
  });

  it('keeps a streak through the band just under the cap (hysteresis)', () => {
    const guard = new MemoryGuard(1000);
    expect(guard.check(1100, 0)).toBe('ok');
    expect(guard.check(950, MIN)).toBe('ok'); // under the cap but above 90 %: still growing
    expect(guard.check(1100, 2 * MIN)).toBe('restart');
  });

  it('does not restart every minute forever when memory comes back over the cap: doubling backoff', () => {
    const guard = new MemoryGuard(1000);
    const verdicts = Array.from({ length: 60 }, (_, i) => guard.check(1500, (i + 1) * MIN));
    // An hour over the cap every minute: restarts at 2 min, then 10 min later, then 20 min after that.
    expect(verdicts.filter((v) => v === 'restart')).toHaveLength(3);
    expect(verdicts.slice(2, 10).every((v) => v === 'held' || v === 'ok')).toBe(true);
    expect(guard.backoffMs).toBe(40 * MIN);
  });
});
