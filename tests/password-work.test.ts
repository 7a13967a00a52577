import { describe, expect, it } from 'vitest';
import { hashPassword, passwordWork, verifyPassword } from '../lib/auth/password';
import { createWorkLimiter, WorkBusy } from '../lib/auth/work-limiter';

describe('password hashing under load', () => {
  it('runs at most PASSWORD_HASH_CONCURRENCY argon2 computations at once', async () => {
    const hashes = await Promise.all(Array.from({ length: 8 }, (_, i) => hashPassword(`password-${i}`)));
    expect(await Promise.all(hashes.map((h, i) => verifyPassword(h, `password-${i}`)))).toEqual(
      Array(8).fill(true),
    );
    expect(passwordWork().peak).toBe(2);
  });

  it('queues a bounded number of checks and refuses the rest at once', async () => {
    const limiter = createWorkLimiter({ concurrency: 2, maxQueued: 3 });
    const gates: (() => void)[] = [];
    const task = () => new Promise<void>((resolve) => gates.push(resolve));
    const running = Array.from({ length: 5 }, () => limiter.run(task));
    expect(limiter.active).toBe(2);
    expect(limiter.queued).toBe(3);
    await expect(limiter.run(task)).rejects.toBeInstanceOf(WorkBusy);
    while (gates.length > 0 || limiter.active > 0) {
      gates.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(running);
    expect(limiter.peak).toBe(2);
    expect(limiter.queued).toBe(0);
  });
});
