import type { Sql } from '../db';
import { type LiveEvent, listen } from './notify';

type Subscriber = (event: LiveEvent) => void;

/**
 * One LISTEN connection per server process, fanned out to every open SSE stream of that process. Any web
 * replica can serve any tab: events come from PostgreSQL, not from the process that caused them.
 * postgres.js re-establishes the LISTEN after a connection loss by itself.
 */
export class EventHub {
  private readonly subscribers = new Set<Subscriber>();
  private listening: Promise<unknown> | undefined;

  constructor(private readonly sql: () => Sql) {}

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
    for (const subscriber of this.subscribers) subscriber(event);
  }
}
