import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChatDto, MessageDto, ParticipantDto } from '../port';
import { FakeMediaFiles } from './fake-media';

export interface FakeChat {
  id: string;
  name: string | null;
  isGroup: boolean;
  participants: ParticipantDto[] | null;
  description?: string | null;
  /** The group's current invite code; a new one after a revoke. */
  inviteCode?: string;
}

/**
 * One thing our number sent, as `GET /sent` lists it (external checks read these names): a message (`type`
 * chat, image, video, audio, document; `body` is the caption of a file) or a reaction (`type` reaction, `id`
 * the message reacted to, `emoji` '' when taken back).
 */
export interface SentRecord {
  chatId: string;
  body: string;
  id: string;
  at: string;
  type?: string;
  media?: { mimetype: string; filename: string; size: number };
  caption?: string | null;
  quotedId?: string | null;
  emoji?: string;
  /** A group administration call (fake-groups.ts) instead of a message: which, and with what. */
  group?: { op: string; name?: string; description?: string; participants?: string[]; inviteCode?: string };
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
  /** A `qr` event arrives after `ready` (the library never removes its QR listener). */
  qrAfterReady: boolean;
  /** The QR stops rotating and goes stale (UNPAIRED_IDLE: the library's refresh silently stops). */
  qrIdle: boolean;
  /** The page hangs on the loading screen: loading events, then nothing (no `authenticated`, no `ready`). */
  stallLoading: boolean;
  /** `authenticated` fires and `ready` never does (the broken-injection symptom). */
  authenticatedWithoutReady: boolean;
  /** The next N sends go out but `sendMessage` answers `undefined` (Client.js does this). */
  sendReturnsUndefined: number;
  /** The next N sends throw "Attempted to use detached Frame" (the page is gone). */
  detachedFrame: number;
  /**
   * The next N sends reach WhatsApp, then the page goes before the library answers ("Execution context was
   * destroyed"): the message is in the chat, the worker saw no event of it, and the client restarts.
   */
  pageGoneAfterSend: number;
  /** getChats answers `@lid` ids for individual chats (messages keep coming as `@c.us`). */
  lidChats: boolean;
  /** Groups are in LID addressing mode: getChats/getChat list every participant, us included, as `@lid`. */
  lidGroups: boolean;
  /** getContacts lists a person twice (as `@lid` and, rewritten by the library, as `@c.us`). */
  duplicateContacts: boolean;
  /** Pairing codes as the library gives them: 8 characters, no dash. */
  pairingCodeFormat: boolean;
  /** The next N media downloads answer nothing (expired, re-uploading, 404: `downloadMedia()` → undefined). */
  mediaExpired: number;
  /** The next N media downloads throw "Evaluation failed" (the library's other failures). */
  mediaFails: number;
  /** The next N media downloads hit Puppeteer's protocol timeout (a large file): the client restarts. */
  mediaTimeout: number;
  /** The next N group administration calls fail like a refused server call. */
  groupOpsFail: number;
  /**
   * The next N group administration calls do their work on WhatsApp's side, but the answer never comes back:
   * Puppeteer's protocol timeout ("Runtime.callFunctionOn timed out"), after which the client is restarted.
   */
  groupOpsTimeout: number;
  /**
   * The running client's page leaves N rejected promises nobody awaits ("Execution context was destroyed"),
   * as Puppeteer does after a navigation (now, or once the next client is ready); once that client is
   * destroyed, its dead page leaves one more ("Protocol error … Target closed").
   */
  strayRejection: number;
  /**
   * Each of the two slow steps of a sign-out takes this long (ms): the library's `logout()` asks WhatsApp's
   * servers, then closes the browser (the client is disconnected from then on) and only after that removes
   * the browser profile, so `logout()` returns a while after the disconnect.
   */
  slowLogoutMs: number;
  /**
   * `Client.destroy()` takes this long (ms) to close the browser (a page that no longer answers, a Chromium
   * slow to exit); the client stays connected meanwhile. Capped by the driver's grace (DESTROY_GRACE_MS);
   * a kill (a fenced or lost lease) does not wait for it.
   */
  slowDestroyMs: number;
}

export const NO_MISBEHAVIOUR: Misbehaviour = {
  readyTwice: false,
  failSends: 0,
  duplicateAll: 0,
  withholdAcks: false,
  qrAfterReady: false,
  qrIdle: false,
  stallLoading: false,
  authenticatedWithoutReady: false,
  sendReturnsUndefined: 0,
  detachedFrame: 0,
  pageGoneAfterSend: 0,
  lidChats: false,
  lidGroups: false,
  duplicateContacts: false,
  pairingCodeFormat: false,
  slowLogoutMs: 0,
  slowDestroyMs: 0,
  mediaExpired: 0,
  mediaFails: 0,
  mediaTimeout: 0,
  groupOpsFail: 0,
  groupOpsTimeout: 0,
  strayRejection: 0,
};

/**
 * Types WhatsApp Web flags `isNotification`: `Chat.fetchMessages` leaves them out (Chat.js), while
 * `message_create` still fires for them live.
 */
const NOTIFICATION_TYPES = new Set([
  'e2e_notification',
  'notification_template',
  'notification',
  'call_log',
  'gp2',
  'group_notification',
  'broadcast_notification',
  'protocol',
]);

export function isNotification(m: MessageDto): boolean {
  return NOTIFICATION_TYPES.has(m.type);
}

/** WhatsApp Web only has the newest messages of its most recent chats loaded; the rest answer no lastMessage. */
const LOADED_CHATS = 20;

/**
 * The scripted stand-in for WhatsApp itself: the phone's chats and full message history, and whether the
 * number is linked. Kept on disk (like the phone keeps it), so a worker that crashes and restarts can back-fill
 * what arrived while it was down. Deterministic: ids are generated, times come from the caller or the clock.
 */
export class FakeWorld {
  readonly me: { wid: string; phone: string; pushName: string };
  linked = false;
  chats = new Map<string, FakeChat>();
  history = new Map<string, MessageDto[]>();
  sent: SentRecord[] = [];
  misbehaviour: Misbehaviour = { ...NO_MISBEHAVIOUR };
  readonly media: FakeMediaFiles;
  private readonly stateFile: string;
  private readonly logFile: string;

  constructor(dir: string, options: { phone?: string; pushName?: string } = {}) {
    const phone = options.phone ?? '56900000000';
    this.me = { wid: `${phone}@c.us`, phone, pushName: options.pushName ?? 'Tuki' };
    mkdirSync(dir, { recursive: true });
    this.stateFile = path.join(dir, 'state.json');
    this.logFile = path.join(dir, 'messages.jsonl');
    this.media = new FakeMediaFiles(dir);
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
        if (!line) continue;
        const entry = JSON.parse(line) as MessageDto & { $update?: true };
        if (entry.$update) {
          const { $update: _, ...message } = entry;
          this.replace(message);
        } else this.remember(entry);
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
    this.misbehaviour = { ...NO_MISBEHAVIOUR };
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

  find(id: string): MessageDto | undefined {
    for (const list of this.history.values()) {
      const found = list.find((m) => m.protocolId === id || m.serializedId === id);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * The phone's copy of a message changed (edited, revoked, acked): kept on disk as an update line, so a worker
   * that was down sees the change when it back-fills. Like WhatsApp, this does not move the chat's timestamp.
   */
  update(message: MessageDto, patch: Partial<MessageDto>): MessageDto {
    Object.assign(message, patch);
    appendFileSync(this.logFile, `${JSON.stringify({ ...message, $update: true })}\n`);
    this.saveState();
    return message;
  }

  private replace(message: MessageDto): void {
    const list = this.history.get(message.chatId) ?? [];
    const i = list.findIndex((m) => m.protocolId === message.protocolId && m.fromMe === message.fromMe);
    if (i >= 0) list[i] = message;
  }

  private remember(m: MessageDto): void {
    const list = this.history.get(m.chatId) ?? [];
    list.push(m);
    this.history.set(m.chatId, list);
  }

  chatDtos(): ChatDto[] {
    const chats = [...this.chats.values()].map((c) => {
      const last = this.history.get(c.id)?.at(-1);
      return { c, last, timestamp: last?.timestamp ?? null };
    });
    const loaded = new Set(
      [...chats]
        .sort((a, b) => (b.timestamp ?? 0) - (a.timestamp ?? 0))
        .slice(0, LOADED_CHATS)
        .map(({ c }) => c.id),
    );
    return chats.map(({ c, last, timestamp }) => {
      return {
        id: c.id,
        name: c.name,
        isGroup: c.isGroup,
        unreadCount: 0,
        archived: false,
        readOnly: false,
        muted: false,
        pinned: false,
        timestamp,
        lastMessageId: loaded.has(c.id) ? (last?.protocolId ?? null) : null,
        participants: c.isGroup ? (c.participants ?? []) : null,
        description: c.description ?? null,
        ownerWid: null,
      };
    });
  }
}

/**
 * The phone number of a session's fake phone: the default number keeps 56900000000, every other one gets a
 * number of its own derived from its name (stable across workers, so a take-over sees the same account).
 */
export function fakePhoneNumberFor(session: string, defaultSession: string): string {
  if (session === defaultSession) return '56900000000';
  const digits =
    BigInt(`0x${createHash('sha256').update(session).digest('hex').slice(0, 12)}`) % 100_000_000n;
  return `569${String(digits).padStart(8, '0')}`;
}
