import type { Sql } from '../../lib/db';
import type { Logger } from '../../lib/log';
import type { ChatIdCache } from '../../lib/whatsapp/chat-ids';
import type { MessageDto, ReactionDto } from '../../lib/whatsapp/dto';
import { type IngestBatch, type IngestEdit, type IngestResult, ingestBatch } from '../../lib/whatsapp/ingest';
import type { MessageSource } from '../../lib/whatsapp/message-source';
import { ingestMetrics } from '../metrics/ingest-metrics';

export type IngestItem =
  | { kind: 'message'; message: MessageDto; source: MessageSource }
  | { kind: 'ack'; protocolId: string; fromMe: boolean; ack: number }
  | ({ kind: 'edit' } & IngestEdit)
  | { kind: 'revoke'; protocolId: string; fromMe: boolean }
  | { kind: 'reaction'; reaction: ReactionDto };

export interface IngestBufferOptions {
  sql: Sql;
  sessionId: number;
  log: Logger;
  maxBatch: number;
  maxDelayMs: number;
  capacity: number;
  onCommitted: (result: IngestResult) => void;
  /** Called once the database is back after events had to be dropped: the caller runs a catch-up sync. */
  onOverflowRecovered: () => void;
}

/**
 * Micro-batches WhatsApp events into transactions (size- and time-bounded). When the database is
 * unreachable, events wait here and the batch is retried with backoff; nothing is dropped silently. Past
 * `capacity` the oldest events are dropped with an error log, and after recovery a catch-up sync fetches
 * them again from WhatsApp (which still has them).
 */
export class IngestBuffer {
  private pending: IngestItem[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private dropped = 0;
  private retryMs = 0;
  private readonly chatIds: ChatIdCache = new Map();
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: IngestBufferOptions) {
    ingestMetrics.track(this);
  }

  get size(): number {
    return this.pending.length;
  }

  push(item: IngestItem): void {
    this.pending.push(item);
    if (this.pending.length > this.options.capacity) {
      const excess = this.pending.length - this.options.capacity;
      this.pending.splice(0, excess);
      if (this.dropped === 0) {
        this.options.log.error(
          { capacity: this.options.capacity },
          'ingest buffer full while the database is unreachable; dropping oldest events (a catch-up sync will refetch them)',
        );
      }
      this.dropped += excess;
      ingestMetrics.dropped.inc(excess);
    }
    this.schedule();
  }

  /** Wait until everything pushed so far is committed (or give up after timeoutMs). */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.pending.length === 0 && !this.flushing) return true;
    const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.schedule(0);
    const timeout = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), timeoutMs).unref(),
    );
    return (await Promise.race([idle, timeout])) !== 'timeout';
  }

  private schedule(delay?: number): void {
    if (this.flushing || this.timer) return;
    const wait =
      delay ??
      (this.retryMs > 0
        ? this.retryMs
        : this.pending.length >= this.options.maxBatch
          ? 0
          : this.options.maxDelayMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flush().finally(() => {
        this.flushing = undefined;
        if (this.pending.length > 0) this.schedule();
        else for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    }, wait);
  }

  private async flush(): Promise<void> {
    const items = this.pending.slice(0, this.options.maxBatch);
    if (items.length === 0) return;
    const started = performance.now();
    try {
      const result = await ingestBatch(
        this.options.sql,
        this.options.sessionId,
        toBatch(items),
        this.chatIds,
      );
      this.pending.splice(0, items.length);
      ingestMetrics.committed(items.length, result.inserted, (performance.now() - started) / 1000);
      if (this.retryMs > 0) this.options.log.info('database reachable again; ingest resumed');
      this.retryMs = 0;
      this.options.onCommitted(result);
      if (this.dropped > 0) {
        this.options.log.warn(
          { dropped: this.dropped },
          'running catch-up for events dropped while the database was down',
        );
        this.dropped = 0;
        this.options.onOverflowRecovered();
      }
    } catch (error) {
      // Chat ids cached before the failure may belong to a rolled-back transaction.
      this.chatIds.clear();
      ingestMetrics.failures.inc();
      this.retryMs = Math.min(Math.max(this.retryMs * 2, 250), 5000);
      this.options.log.warn(
        {
          err: error instanceof Error ? error.message : String(error),
          pending: this.pending.length,
          retryMs: this.retryMs,
        },
        'ingest batch failed; will retry',
      );
    }
  }
}

function toBatch(items: IngestItem[]): IngestBatch {
  const batch: Required<IngestBatch> = { messages: [], acks: [], edits: [], revokes: [], reactions: [] };
  for (const item of items) {
    if (item.kind === 'message') batch.messages.push({ message: item.message, source: item.source });
    else if (item.kind === 'ack') batch.acks.push(item);
    else if (item.kind === 'edit') batch.edits.push(item);
    else if (item.kind === 'reaction') batch.reactions.push(item.reaction);
    else batch.revokes.push(item);
  }
  return batch;
}
