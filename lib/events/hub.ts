import type { Sql } from '../db';
import { CHANNELS, type LiveEvent, liveEventSchema } from './notify';

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
    this.listening ??= this.sql()
      .listen(CHANNELS.events, (payload) => this.dispatch(payload))
      .catch((error: unknown) => {
        this.listening = undefined;
        throw error;
      });
    await this.listening;
    return () => this.subscribers.delete(subscriber);
  }

  private dispatch(payload: string): void {
    let parsed: LiveEvent;
    try {
      parsed = liveEventSchema.parse(JSON.parse(payload));
    } catch {
      return; // not ours or malformed: never forwarded to browsers
    }
    for (const subscriber of this.subscribers) subscriber(parsed);
  }
}
