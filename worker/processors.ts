import type { Db, Sql } from '../lib/db';
import type { Logger } from '../lib/log';
import { markMessagesProcessed, unprocessedMessageIds } from '../lib/whatsapp/message-processing';
import { parkMessage } from '../lib/whatsapp/parked-messages';
import type { DomainHooks } from './hooks';
import { JobWakeup, runJobLoop } from './job-loop';
import { failureMetrics, reportFailure } from './metrics/failures';

/**
 * Runs the domain's reactions (reservation codes, webhooks) for committed messages that are not processed
 * yet. Driven by `processed_at IS NULL`, so a crash between commit and processing only delays the work.
 */
export class MessageProcessors {
  private readonly wakeup = new JobWakeup();

  constructor(private readonly d: { db: Db; sql: Sql; log: Logger; sessionId: number; hooks: DomainHooks }) {}

  poke(): void {
    this.wakeup.wake();
  }

  run(signal: AbortSignal): Promise<void> {
    return runJobLoop(
      { operation: 'message_processing', log: this.d.log, wakeup: this.wakeup, idleMs: 5000 },
      () => this.step(),
      signal,
    );
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
