import type { Db, Sql } from '../lib/db';
import type { Logger } from '../lib/log';
import { markMessagesProcessed, unprocessedMessageIds } from '../lib/whatsapp/message-processing';
import { parkMessage } from '../lib/whatsapp/parked-messages';
import type { DomainHooks } from './hooks';
import { failureMetrics, reportFailure } from './metrics/failures';
import { Wakeup } from './sleep';

/**
 * Runs the domain's reactions (reservation codes, webhooks) for committed messages that are not processed
 * yet. Driven by `processed_at IS NULL`, so a crash between commit and processing only delays the work.
 */
export class MessageProcessors {
  private readonly wakeup = new Wakeup();

  constructor(private readonly d: { db: Db; sql: Sql; log: Logger; sessionId: number; hooks: DomainHooks }) {}

  poke(): void {
    this.wakeup.wake();
  }

  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const worked = await this.step().catch((error: unknown) => {
        reportFailure(this.d.log, 'message_processing', error, 'message processors failed; retrying');
        return false;
      });
      if (!worked) await this.wakeup.wait(5000, signal);
    }
  }

  private async step(): Promise<boolean> {
    const ids = await unprocessedMessageIds(this.d.sql, this.d.sessionId, 500);
    if (ids.length === 0) return false;
    const parked = new Set<number>();
    try {
      await this.d.hooks.processMessages(this.d.db, { sessionId: this.d.sessionId, messageIds: ids });
    } catch (error) {
      // One bad message must not block the rest: retry one by one, and park a message that fails again on
      // its own, with its error, for a person to replay (parked-messages.ts) once the cause is fixed.
      this.d.log.warn({ err: error }, 'batch processing failed; processing one by one');
      for (const id of ids) {
        try {
          await this.d.hooks.processMessages(this.d.db, { sessionId: this.d.sessionId, messageIds: [id] });
        } catch (single) {
          await parkMessage(this.d.db, { messageId: id, error: errorText(single) });
          failureMetrics.parked.inc();
          reportFailure(this.d.log, 'message_processing', single, 'message processing failed; parked', {
            messageId: id,
          });
          parked.add(id);
        }
      }
    }
    const done = ids.filter((id) => !parked.has(id));
    if (done.length > 0) await markMessagesProcessed(this.d.sql, done);
    return true;
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
