import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChatDto, MessageDto, ParticipantDto } from '../port';

export interface FakeChat {
  id: string;
  name: string | null;
  isGroup: boolean;
  participants: ParticipantDto[] | null;
}

export interface SentRecord {
  chatId: string;
  body: string;
  id: string;
  at: string;
}

export interface Misbehaviour {
  /** Emit `ready` twice on the next connection (whatsapp-web.js does this after a re-inject). */
  readyTwice: boolean;
  /** The next N sends throw like a broken page would. */
  failSends: number;
  /** Every incoming message is emitted this many extra times. */
  duplicateAll: number;
  /** Sent messages never get acks beyond "pending". */
  withholdAcks: boolean;
}

/**
 * The scripted stand-in for WhatsApp itself: the phone's chats and full message history, and whether the
 * number is linked. Kept on disk (like the phone keeps it), so a worker that crashes and restarts can back-fill
 * what arrived while it was down. Deterministic: ids are generated, times come from the caller or the clock.
 */
export class FakeWorld {
  readonly me = { wid: '56900000000@c.us', phone: '56900000000', pushName: 'Tuki' };
  linked = false;
  chats = new Map<string, FakeChat>();
  history = new Map<string, MessageDto[]>();
  sent: SentRecord[] = [];
  misbehaviour: Misbehaviour = { readyTwice: false, failSends: 0, duplicateAll: 0, withholdAcks: false };
  private readonly stateFile: string;
  private readonly logFile: string;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.stateFile = path.join(dir, 'state.json');
    this.logFile = path.join(dir, 'messages.jsonl');
    this.load();
  }

  static newMessageId(): string {
    return `3EB0${randomBytes(8).toString('hex').toUpperCase()}`;
  }

  private load(): void {
    if (existsSync(this.stateFile)) {
      const state = JSON.parse(readFileSync(this.stateFile, 'utf8')) as {
        linked: boolean;
        chats: FakeChat[];
        sent: SentRecord[];
      };
      this.linked = state.linked;
      this.chats = new Map(state.chats.map((c) => [c.id, c]));
      this.sent = state.sent;
    }
    if (existsSync(this.logFile)) {
      for (const line of readFileSync(this.logFile, 'utf8').split('\n')) {
        if (line) this.remember(JSON.parse(line) as MessageDto);
      }
    }
  }

  saveState(): void {
    const state = { linked: this.linked, chats: [...this.chats.values()], sent: this.sent };
    writeFileSync(this.stateFile, JSON.stringify(state));
  }

  reset(): void {
    this.linked = false;
    this.chats.clear();
    this.history.clear();
    this.sent = [];
    this.misbehaviour = { readyTwice: false, failSends: 0, duplicateAll: 0, withholdAcks: false };
    rmSync(this.logFile, { force: true });
    this.saveState();
  }

  upsertChat(chat: FakeChat): void {
    const participants =
      chat.isGroup && chat.participants === null
        ? [{ wid: this.me.wid, isAdmin: true, isSuperAdmin: false }]
        : chat.participants;
    this.chats.set(chat.id, { ...chat, participants });
  }

  /** Messages are on disk before anything is emitted: "the phone has them" even if the worker dies next. */
  record(messages: MessageDto[]): void {
    if (messages.length === 0) return;
    for (const m of messages) {
      if (!this.chats.has(m.chatId)) {
        this.upsertChat({
          id: m.chatId,
          name: null,
          isGroup: m.chatId.endsWith('@g.us'),
          participants: null,
        });
      }
      this.remember(m);
    }
    appendFileSync(this.logFile, `${messages.map((m) => JSON.stringify(m)).join('\n')}\n`);
    this.saveState();
  }

  private remember(m: MessageDto): void {
    const list = this.history.get(m.chatId) ?? [];
    list.push(m);
    this.history.set(m.chatId, list);
  }

  chatDtos(): ChatDto[] {
    return [...this.chats.values()].map((c) => {
      const messages = this.history.get(c.id) ?? [];
      const last = messages.at(-1);
      return {
        id: c.id,
        name: c.name,
        isGroup: c.isGroup,
        unreadCount: 0,
        archived: false,
        readOnly: false,
        muted: false,
        pinned: false,
        timestamp: last?.timestamp ?? null,
        lastMessageId: last?.protocolId ?? null,
        participants: c.isGroup ? (c.participants ?? []) : null,
        description: null,
        ownerWid: null,
      };
    });
  }
}
