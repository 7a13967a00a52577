/** The limiter's queue is full: the caller should answer "try again shortly" instead of waiting. */
export class WorkBusy extends Error {
  constructor() {
    super('Too much work queued.');
    this.name = 'WorkBusy';
  }
}

/**
 * At most `concurrency` tasks at once, at most `maxQueued` waiting; past that `run` refuses at once. Password
 * hashing needs this: each argon2 check takes ~20 MB and a core for tens of milliseconds, so a flood of
 * sign-ins would otherwise exhaust memory and CPU for everyone.
 */
export function createWorkLimiter(options: { concurrency: number; maxQueued: number }) {
  let active = 0;
  let peak = 0;
  const waiting: (() => void)[] = [];
  return {
    get active() {
      return active;
    },
    /** The most tasks ever running at once (what the tests and an operator check the cap by). */
    get peak() {
      return peak;
    },
    get queued() {
      return waiting.length;
    },
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active >= options.concurrency) {
        if (waiting.length >= options.maxQueued) throw new WorkBusy();
        // The finishing task hands its slot over directly, so `active` never dips and lets a newcomer jump in.
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        active++;
      }
      peak = Math.max(peak, active);
      try {
        return await task();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else active--;
      }
    },
  };
}
