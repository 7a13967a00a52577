import type { Db, Sql } from '../lib/db';
import type { Logger } from '../lib/log';
import { markMessagesProcessed, unprocessedMessageIds } from '../lib/whatsapp/message-processing';
import type { DomainHooks } from './hooks';
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
        this.d.log.warn(
          { err: error instanceof Error ? error.message : error },
          'message processors failed; retrying',
        );
        return false;
      });
      if (!worked) await this.wakeup.wait(5000, signal);
    }
  }

  private async step(): Promise<boolean> {
    const ids = await unprocessedMessageIds(this.d.sql, this.d.sessionId, 500);
    if (ids.length === 0) return false;
    try {
      await this.d.hooks.processMessages(this.d.db, { sessionId: this.d.sessionId, messageIds: ids });
    } catch (error) {
      // One bad message must not block the rest: retry one by one, and park a message that keeps failing.
      for (const id of ids) {
        try {
          await this.d.hooks.processMessages(this.d.db, { sessionId: this.d.sessionId, messageIds: [id] });
        } catch (single) {
          this.d.log.error(
            { messageId: id, err: single instanceof Error ? single.message : single },
            'message processing failed',
          );
        }
      }
      this.d.log.warn(
        { err: error instanceof Error ? error.message : error },
        'batch processing failed; processed one by one',
      );
    }
    await markMessagesProcessed(this.d.sql, ids);
    return true;
  }
}
