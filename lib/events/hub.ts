import type { Sql } from '../db';
import { createLogger } from '../log';
import type { StreamEvent } from './chat-rows';
import { type LiveEvent, listen } from './notify';

type Subscriber = (event: StreamEvent) => void;
/** What a process adds to an event before it reaches the streams (the chats' rows: lib/whatsapp/live-rows). */
export type Prepare = (event: LiveEvent) => Promise<StreamEvent>;

const log = createLogger('event-hub');
/** An event whose additions take longer than this goes out bare: a slow database must not hold the stream. */
const PREPARE_TIMEOUT_MS = 1000;

/**
 * One LISTEN connection per server process, fanned out to every open SSE stream of that process. Any web
 * replica can serve any tab: events come from PostgreSQL, not from the process that caused them.
 * postgres.js re-establishes the LISTEN after a connection loss by itself.
 */
export class EventHub {
  private readonly subscribers = new Set<Subscriber>();
  private listening: Promise<unknown> | undefined;
  /** Events go out in the order PostgreSQL delivered them, each after the one before it was prepared. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly sql: () => Sql,
    private readonly prepare?: Prepare,
  ) {}

  get size(): number {
    return this.subscribers.size;
  }

  async subscribe(subscriber: Subscriber): Promise<() => void> {
    this.subscribers.add(subscriber);
    this.listening ??= listen(this.sql(), 'events', (event) => this.dispatch(event)).catch(
      (error: unknown) => {
        this.listening = undefined;
        throw error;
      },
    );
    await this.listening;
    return () => this.subscribers.delete(subscriber);
  }

  // Only what parses as a LiveEvent arrives here (listen drops the rest): nothing else reaches browsers.
  private dispatch(event: LiveEvent): void {
    const prepare = this.prepare;
    if (!prepare) {
      this.fanOut(event);
      return;
    }
    this.queue = this.queue.then(async () => {
      if (this.subscribers.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<StreamEvent>((resolve) => {
        timer = setTimeout(() => resolve(event), PREPARE_TIMEOUT_MS);
      });
      const prepared = await Promise.race([
        prepare(event).catch((error: unknown) => {
          log.warn({ err: error, type: event.type }, 'live event sent without its rows');
          return event;
        }),
        timeout,
      ]);
      clearTimeout(timer);
      this.fanOut(prepared);
    });
  }

  private fanOut(event: StreamEvent): void {
    for (const subscriber of this.subscribers) subscriber(event);
  }
}
