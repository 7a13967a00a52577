import type { Db, Sql } from '../lib/db';
import { listen } from '../lib/events/notify';
import type { Logger } from '../lib/log';
import { deliverDueWebhooks } from '../lib/webhooks/deliver';
import type { TargetPolicy } from '../lib/webhooks/target';
import { reportFailure } from './metrics/failures';
import { Wakeup } from './sleep';

/**
 * Delivers outbound webhooks from their rows: woken by NOTIFY when one is enqueued, and every few seconds
 * for retries that come due. Deliveries are claimed with SKIP LOCKED, so every worker process can run this.
 */
export async function runWebhookLoop(
  d: { db: Db; sql: Sql; log: Logger; targetPolicy: TargetPolicy },
  signal: AbortSignal,
): Promise<void> {
  const wakeup = new Wakeup();
  const listener = await listen(d.sql, 'webhooks', () => wakeup.wake()).catch((error: unknown) => {
    // Deliveries still go out on the 5 s poll, only later.
    reportFailure(d.log, 'listen', error, 'could not LISTEN for webhook deliveries; polling only');
    return undefined;
  });
  try {
    while (!signal.aborted) {
      const result = await deliverDueWebhooks(d.db, { targetPolicy: d.targetPolicy }).catch(
        (error: unknown) => {
          reportFailure(d.log, 'webhook_pass', error, 'webhook delivery pass failed');
          return null;
        },
      );
      if (result && result.attempted > 0) {
        if (result.dead > 0)
          d.log.warn({ dead: result.dead }, 'webhook deliveries gave up after their last attempt');
        continue;
      }
      await wakeup.wait(5000, signal);
    }
  } finally {
    await listener
      ?.unlisten()
      .catch((error: unknown) =>
        reportFailure(d.log, 'unlisten', error, 'could not UNLISTEN webhook deliveries'),
      );
  }
}
