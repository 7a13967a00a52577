import type { Db, Sql } from '../lib/db';
import type { Logger } from '../lib/log';
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
    const rows = await this.d.sql<{ id: number }[]>`
      select id::int8 as id from whatsapp_messages
      where session_id = ${this.d.sessionId} and processed_at is null order by id limit 500`;
    if (rows.length === 0) return false;
    const ids = rows.map((r) => Number(r.id));
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
    await this.d
      .sql`update whatsapp_messages set processed_at = now() where id = any(${this.d.sql.array(ids)}::bigint[])`;
    return true;
  }
}
