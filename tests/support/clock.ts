import { vi } from 'vitest';

/**
 * Runs `fn` with this process's `Date` shifted by `offsetMs` (timers stay real): a host whose clock disagrees
 * with the database's, to show a rule is judged by the database's `now()`.
 */
export async function withClockOffset<T>(offsetMs: number, fn: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + offsetMs);
  try {
    return await fn();
  } finally {
    vi.useRealTimers();
  }
}
