import type { Logger } from '../lib/log';
import { sleep } from './sleep';

/**
 * Retries a database write that records what WhatsApp already did (a sent message, a downloaded file) through a
 * short outage, with backoff, up to about a minute. If it still fails, the row stays in its in-flight state
 * and the next start reconciles it; `what` says which in the log.
 */
export async function retryBookkeeping(fn: () => Promise<void>, log: Logger, what: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= 8) {
        log.error({ err: String(error) }, `could not record ${what}; the next start will reconcile it`);
        return;
      }
      await sleep(Math.min(250 * 2 ** attempt, 10_000));
    }
  }
}
