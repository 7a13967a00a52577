import { sleep } from '../sleep';

export interface PaceSettings {
  /** Minimum time between two messages to the same chat. */
  perChatGapMs: number;
  /** At most this many sends per rolling minute, all chats together. */
  perMinute: number;
  /** Random extra wait up to this, so the rhythm does not look automated. */
  jitterMs: number;
}

/**
 * Paces outgoing messages: bulk or robotic sending gets WhatsApp numbers banned. Waits are computed from
 * what was actually sent, per chat and globally.
 */
export class Pacer {
  private lastByChat = new Map<string, number>();
  private recent: number[] = [];

  constructor(
    private settings: () => PaceSettings,
    private readonly random: () => number = Math.random,
  ) {}

  delayFor(chatId: string, now = Date.now()): number {
    const { perChatGapMs, perMinute, jitterMs } = this.settings();
    this.recent = this.recent.filter((t) => now - t < 60_000);
    let wait = 0;
    const last = this.lastByChat.get(chatId);
    if (last !== undefined) wait = Math.max(wait, last + perChatGapMs - now);
    if (this.recent.length >= perMinute) wait = Math.max(wait, this.recent[0]! + 60_000 - now);
    return wait > 0 || this.recent.length > 0 ? wait + Math.floor(this.random() * jitterMs) : 0;
  }

  async wait(chatId: string, signal?: AbortSignal): Promise<void> {
    const delay = this.delayFor(chatId);
    if (delay > 0) await sleep(delay, signal);
  }

  record(chatId: string, at = Date.now()): void {
    this.lastByChat.set(chatId, at);
    this.recent.push(at);
    if (this.lastByChat.size > 10_000) this.lastByChat.clear();
  }
}
