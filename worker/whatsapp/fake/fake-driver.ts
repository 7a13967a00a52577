import { AsyncResource } from 'node:async_hooks';
import { createHash, randomBytes } from 'node:crypto';
import {
  type ChatDto,
  ClientGoneError,
  type ContactDto,
  DESTROY_GRACE_MS,
  type DownloadedMedia,
  type DriverListener,
  type GroupAdminPort,
  type MeDto,
  type MessageDto,
  type SendOptions,
  sentMediaType,
  type WhatsAppDriver,
} from '../port';
import { fakeGroups } from './fake-groups';
import { FakeWorld, isNotification } from './fake-world';

/**
 * The fake driver: the same port as whatsapp-web.js, in-process and scripted through the control API
 * (control-server.ts). It rotates its QR, pairs when "scanned", emits `message` + `message_create` for every
 * incoming message like the library, progresses acks after a send, and misbehaves on request.
 */
export class FakeDriver implements WhatsAppDriver {
  readonly kind = 'fake' as const;
  private listener: DriverListener | undefined;
  private timers = new Set<NodeJS.Timeout>();
  private connected = false;
  private qrTimer: NodeJS.Timeout | undefined;
  private readonly stallers = new Set<() => void>();
  /**
   * The client's page: an async resource made in start(), as Puppeteer's CDP socket is made during the
   * launch, so its stray rejections belong to this client's async context (worker/client-rejections.ts).
   */
  private page: AsyncResource | undefined;
  /** This page left a stray rejection: once destroyed it leaves one more, as a closed target does. */
  private strayAfterStop = false;
  /** QR codes emitted by this client so far (tests wait on it). */
  qrShown = 0;
  readonly groups: GroupAdminPort;

  constructor(
    readonly world: FakeWorld,
    private readonly options: { qrRotateMs: number },
  ) {
    // WhatsApp announces its own changes too: the worker refreshes the group from the event, as it does live.
    this.groups = fakeGroups(
      world,
      (chatId, kind, wids) => {
        if (this.connected) this.groupChange(chatId, kind, wids);
      },
      (error) => {
        this.connected = false;
        this.emit({ type: 'fatal', error });
      },
    );
  }

  get isConnected(): boolean {
    return this.connected;
  }

  async start(listener: DriverListener, options: { pairingPhone?: string } = {}): Promise<void> {
    this.listener = listener;
    this.page = new AsyncResource('FakeWhatsAppPage');
    if (this.world.misbehaviour.stallLoading) {
      // The loading screen that never ends: some progress, then nothing, and initialize() never returns.
      this.later(10, () => this.emit({ type: 'loading', percent: 10 }));
      this.later(30, () => this.emit({ type: 'loading', percent: 42 }));
      return new Promise<void>((resolve) => this.stallers.add(resolve));
    }
    if (this.world.linked) {
      this.later(20, () => this.connect());
      return;
    }
    if (options.pairingPhone) {
      this.emit({ type: 'pairing_code', code: this.pairingCode() });
      return;
    }
    this.rotateQr();
  }

  async stop(options: { kill?: boolean } = {}): Promise<void> {
    for (const resolve of this.stallers) resolve();
    this.stallers.clear();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.qrTimer) clearInterval(this.qrTimer);
    this.qrTimer = undefined;
    // A slow destroy keeps the browser (and the session) up until the driver's grace runs out; a kill does not.
    const slow = Math.min(this.world.misbehaviour.slowDestroyMs, DESTROY_GRACE_MS);
    if (slow > 0 && !options.kill && this.connected)
      await new Promise((resolve) => setTimeout(resolve, slow));
    this.connected = false;
    this.listener = undefined;
    const page = this.page;
    if (page && this.strayAfterStop) {
      this.strayAfterStop = false;
      setTimeout(
        () => this.reject(page, 'Protocol error (Runtime.callFunctionOn): Target closed.'),
        20,
      ).unref();
    }
  }

  /** `misbehave {strayRejection}`: the page rejects promises nobody awaits, as Puppeteer does. */
  leaveStrayRejections(): void {
    const page = this.page;
    if (!page || !this.connected) return;
    while (this.world.misbehaviour.strayRejection > 0) {
      this.world.misbehaviour.strayRejection--;
      this.strayAfterStop = true;
      this.reject(page, 'Execution context was destroyed, most likely because of a navigation.');
    }
  }

  private reject(page: AsyncResource, message: string): void {
    // Deliberately unhandled: what the worker's process-wide handler has to attribute to this client.
    page.runInAsyncScope(() => {
      void Promise.reject(new Error(message));
    });
  }

  /** The control API's "scan": the phone links the number. */
  scan(): boolean {
    if (this.world.linked || !this.listener) return false;
    this.world.linked = true;
    this.world.saveState();
    if (this.qrTimer) clearInterval(this.qrTimer);
    this.qrTimer = undefined;
    this.connect();
    return true;
  }

  disconnect(reason: string): void {
    if (reason === 'LOGOUT' || reason === 'UNPAIRED') {
      this.world.linked = false;
      this.world.saveState();
    }
    this.connected = false;
    this.emit({ type: 'disconnected', reason });
  }

  /** An incoming (or phone-sent) message: stored in the phone's history first, then emitted if connected. */
  deliver(messages: MessageDto[], extraCopies = 0): void {
    this.world.record(messages);
    this.emitMessages(messages, extraCopies);
  }

  /** Emit messages already in the phone's history (bulk loads record everything up front). */
  emitMessages(messages: MessageDto[], extraCopies = 0): void {
    if (!this.connected) return;
    const copies = 1 + extraCopies + this.world.misbehaviour.duplicateAll;
    for (const message of messages) {
      // whatsapp-web.js fires `message` (incoming only) and `message_create` (both directions).
      const events = message.fromMe ? 1 : 2;
      for (let i = 0; i < events * copies; i++) this.emit({ type: 'message', message });
    }
  }

  /** A change to a stored message (ack, edit, revoke) reaches the worker only while the client is connected. */
  notify(event: Parameters<DriverListener>[0]): void {
    if (this.connected) this.emit(event);
  }

  groupChange(chatId: string, kind: 'join' | 'leave' | 'update' | 'admin', participantWids: string[]): void {
    this.emit({ type: 'group_change', chatId, kind, participantWids });
  }

  private connect(): void {
    this.emit({ type: 'authenticated' });
    // Broken injection: authenticated, and then nothing.
    if (this.world.misbehaviour.authenticatedWithoutReady) return;
    this.later(50, () => {
      this.connected = true;
      this.emit({ type: 'state', state: 'CONNECTED' });
      this.emit({ type: 'ready' });
      this.leaveStrayRejections();
      if (this.world.misbehaviour.readyTwice) {
        this.world.misbehaviour.readyTwice = false;
        this.later(100, () => this.emit({ type: 'ready' }));
      }
      // The library's QR listener outlives the pairing: users see "QR RECEIVED" after ready.
      if (this.world.misbehaviour.qrAfterReady) this.later(100, () => this.showQr());
    });
  }

  private showQr(): void {
    this.qrShown++;
    this.emit({ type: 'qr', qr: `2@${randomBytes(24).toString('base64')},fake,${Date.now()}` });
  }

  private rotateQr(): void {
    this.showQr();
    // UNPAIRED_IDLE: the QR is shown once and the refresh silently stops.
    if (this.world.misbehaviour.qrIdle) return;
    this.qrTimer = setInterval(() => this.showQr(), this.options.qrRotateMs);
  }

  private emit(event: Parameters<DriverListener>[0]): void {
    this.listener?.(event);
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  async getState(): Promise<string | null> {
    return this.connected ? 'CONNECTED' : this.world.linked ? 'OPENING' : 'UNPAIRED';
  }

  async getMe(): Promise<MeDto | null> {
    return this.world.linked ? { ...this.world.me } : null;
  }

  async getVersion(): Promise<string | null> {
    return 'fake-2.3000.0';
  }

  /** LID lookups asked of this client (a real one queries WhatsApp for each). */
  lidLookups = 0;

  /** Full chat listings asked of this client (each refreshes every group's metadata in the real one). */
  chatListings = 0;

  async getChat(chatId: string) {
    const chat = this.world.chatDtos().find((c) => c.id === chatId);
    return chat ? this.asAddressed(chat) : null;
  }

  /** A group in LID addressing mode lists its participants by lid (real lids are unrelated to the phone). */
  private asAddressed(chat: ChatDto): ChatDto {
    if (!this.world.misbehaviour.lidGroups || !chat.participants) return chat;
    return {
      ...chat,
      participants: chat.participants.map((p) => ({ ...p, wid: `${lidOf(p.wid.split('@')[0]!)}@lid` })),
    };
  }

  async getChats() {
    this.chatListings++;
    const chats = this.world.chatDtos().map((c) => this.asAddressed(c));
    if (!this.world.misbehaviour.lidChats) return chats;
    // The real getChats answers @lid ids for individual chats while their messages come as @c.us.
    return chats.map((c) => (c.id.endsWith('@c.us') ? { ...c, id: `${lidOf(c.id.split('@')[0]!)}@lid` } : c));
  }

  async phoneIdsOfLids(lids: string[]): Promise<Map<string, string | null>> {
    this.lidLookups += lids.length;
    // Everyone the phone knows: its chats, the people in its groups, and our own number.
    const known = [
      ...this.world.chats.keys(),
      ...[...this.world.chats.values()].flatMap((c) => (c.participants ?? []).map((p) => p.wid)),
      this.world.me.wid,
    ];
    const phoneOf = new Map(
      known.filter((id) => id.endsWith('@c.us')).map((id) => [`${lidOf(id.split('@')[0]!)}@lid`, id]),
    );
    return new Map(lids.map((lid) => [lid, phoneOf.get(lid) ?? null]));
  }

  async getContacts(): Promise<ContactDto[]> {
    const wids = new Set<string>();
    for (const chat of this.world.chats.values()) {
      if (!chat.isGroup) wids.add(chat.id);
      for (const p of chat.participants ?? []) wids.add(p.wid);
    }
    const contacts = [...wids].map((id) => ({
      id,
      number: id.endsWith('@c.us') ? id.split('@')[0]! : null,
      lid: null as string | null,
      name: this.world.chats.get(id)?.name ?? null,
      pushName: null,
      isBusiness: false,
      isMyContact: false,
      isGroup: false,
    }));
    if (!this.world.misbehaviour.duplicateContacts) return contacts;
    // The library rewrites an @lid contact that has a phone to its @c.us id: the person comes twice.
    return contacts.flatMap((c) =>
      c.number ? [c, { ...c, lid: `${lidOf(c.number)}@lid`, pushName: c.name ?? 'Contacto' }] : [c],
    );
  }

  /** Messages fetchMessages had to load, newest first, to answer so far (what a search costs the page). */
  messagesLoaded = 0;

  /**
   * Like Chat.js: notifications are left out, and the page loads earlier messages until it has `limit` that
   * pass the filter. With `fromMe`, a chat where we seldom write is walked back to its first message.
   */
  async fetchMessages(chatId: string, options: { limit: number; fromMe?: boolean }): Promise<MessageDto[]> {
    const history = this.world.history.get(chatId) ?? [];
    const found: MessageDto[] = [];
    let i = history.length - 1;
    for (; i >= 0 && found.length < options.limit; i--) {
      const m = history[i]!;
      if (isNotification(m)) continue;
      if (options.fromMe !== undefined && m.fromMe !== options.fromMe) continue;
      found.push(m);
    }
    this.messagesLoaded += history.length - 1 - i;
    return found.reverse();
  }

  async sendMessage(chatId: string, body: string, options: SendOptions = {}): Promise<MessageDto | null> {
    if (!this.connected) throw new Error('WhatsApp is not connected');
    if (this.world.misbehaviour.detachedFrame > 0) {
      this.world.misbehaviour.detachedFrame--;
      // Puppeteer's error when the page navigated or crashed under the call; the client is as good as dead.
      const error = "Attempted to use detached Frame '6A1F'.";
      this.connected = false;
      this.emit({ type: 'fatal', error });
      throw new ClientGoneError(error, false);
    }
    if (this.world.misbehaviour.failSends > 0) {
      this.world.misbehaviour.failSends--;
      throw new Error('Evaluation failed: fake send failure');
    }
    const { media, quotedMessageId } = options;
    const quoted = quotedMessageId ? this.world.find(quotedMessageId) : undefined;
    const message: MessageDto = {
      protocolId: FakeWorld.newMessageId(),
      fromMe: true,
      serializedId: '',
      chatId,
      senderWid: this.world.me.wid,
      body,
      type: media ? sentMediaType(media) : 'chat',
      timestamp: Math.floor(Date.now() / 1000),
      ack: 0,
      // Like the library: our own file counts as media only once its upload finished, which the send awaits.
      hasMedia: Boolean(media),
      isForwarded: false,
      isStatus: false,
      // The library ignores a quote it cannot find (`ignoreQuoteErrors`) and sends a plain message.
      quotedProtocolId: quoted?.protocolId ?? null,
      media: media
        ? {
            mimetype: media.mimetype,
            size: media.data.length,
            filehash: createHash('sha256').update(media.data).digest('base64'),
            filename: media.asDocument || sentMediaType(media) === 'document' ? media.filename : null,
            duration: null,
            width: null,
            height: null,
          }
        : undefined,
    };
    message.serializedId = `true_${chatId}_${message.protocolId}`;
    // The phone keeps our own file too: downloading the sent message later answers the same bytes.
    if (media)
      this.world.media.add(message.protocolId, {
        mimetype: media.mimetype,
        filename: media.filename,
        data: media.data.toString('base64'),
      });
    this.world.sent.push({
      chatId,
      body,
      id: message.serializedId,
      at: new Date().toISOString(),
      type: message.type,
      ...(media
        ? {
            media: { mimetype: media.mimetype, filename: media.filename, size: media.data.length },
            caption: body || null,
          }
        : {}),
      quotedId: quoted?.serializedId ?? null,
    });
    if (this.world.misbehaviour.pageGoneAfterSend > 0) {
      this.world.misbehaviour.pageGoneAfterSend--;
      // WhatsApp took the message, then the page navigated (a WhatsApp Web update, a crash) before the
      // library's answer came back; its message_create went with the page. The error says nothing of
      // whether the message went out, and the next client finds it in the chat.
      this.world.record([message]);
      this.world.saveState();
      const error = 'Execution context was destroyed, most likely because of a navigation.';
      this.connected = false;
      this.emit({ type: 'fatal', error });
      throw new ClientGoneError(error, false);
    }
    this.deliver([message]);
    if (!this.world.misbehaviour.withholdAcks) {
      // Server, then device, then read: what a person watches happen to their ticks.
      for (const [ms, ack] of [
        [80, 1],
        [300, 2],
        [1500, 3],
      ] as const) {
        this.later(ms, () => {
          message.ack = ack;
          this.emit({ type: 'ack', chatId, protocolId: message.protocolId, fromMe: true, ack });
        });
      }
    }
    if (this.world.misbehaviour.sendReturnsUndefined > 0) {
      // Client.js: the message went out, but the library could not find it again and answers undefined.
      this.world.misbehaviour.sendReturnsUndefined--;
      return null;
    }
    return { ...message };
  }

  /** `Message.react`: our reaction (or '' to take it back) on a message the phone has. */
  async react(messageId: string, emoji: string): Promise<void> {
    if (!this.connected) throw new Error('WhatsApp is not connected');
    const target = this.world.find(messageId);
    if (!target) throw new Error(`message ${messageId} is not in WhatsApp Web`);
    this.world.sent.push({
      chatId: target.chatId,
      body: '',
      id: target.serializedId,
      at: new Date().toISOString(),
      type: 'reaction',
      emoji,
    });
    this.world.saveState();
  }

  /** `Chat.sendSeen`: the read receipt of a chat, shown in `GET /sent` as a `seen` record for that chat. */
  async sendSeen(chatId: string): Promise<void> {
    if (!this.connected) throw new Error('WhatsApp is not connected');
    if (!this.world.chats.has(chatId)) throw new Error(`chat ${chatId} is not in WhatsApp Web`);
    this.world.sent.push({ chatId, body: '', id: '', at: new Date().toISOString(), type: 'seen' });
    this.world.saveState();
  }

  /** Media downloads asked of this client (a real one moves each file through the page as base64). */
  downloads = 0;

  async downloadMedia(message: { protocolId: string }): Promise<DownloadedMedia | null> {
    if (!this.connected) throw new Error('WhatsApp is not connected');
    this.downloads++;
    if (this.world.misbehaviour.mediaExpired > 0) {
      this.world.misbehaviour.mediaExpired--;
      return null;
    }
    if (this.world.misbehaviour.mediaTimeout > 0) {
      this.world.misbehaviour.mediaTimeout--;
      const error = 'Runtime.callFunctionOn timed out. Increase the protocolTimeout setting.';
      this.connected = false;
      this.emit({ type: 'fatal', error });
      throw new ClientGoneError(error, true);
    }
    if (this.world.misbehaviour.mediaFails > 0) {
      this.world.misbehaviour.mediaFails--;
      throw new Error(
        'Evaluation failed: TypeError: Cannot read properties of undefined (reading "mediaStage")',
      );
    }
    // A message the phone has no file for answers like an expired one (Message.js returns undefined).
    return this.world.media.read(message.protocolId) ?? null;
  }

  /** Like the library: the code is announced, and the QR keeps rotating behind it. */
  async requestPairingCode(_phone: string): Promise<string> {
    const code = this.pairingCode();
    this.emit({ type: 'pairing_code', code });
    return code;
  }

  /** The library gives 8 characters without a dash (`pairingCodeFormat`); the old fake showed ABCD-1234. */
  private pairingCode(): string {
    const raw = randomBytes(4).toString('hex').toUpperCase();
    return this.world.misbehaviour.pairingCodeFormat ? raw : `${raw.slice(0, 4)}-${raw.slice(4)}`;
  }

  /**
   * Like the library's `Client.logout()`: WhatsApp is asked to unlink the device, then the browser closes,
   * which the client reports as a LOGOUT disconnect, and only then is the profile removed and the call returns.
   */
  async logout(): Promise<void> {
    const delay = this.world.misbehaviour.slowLogoutMs;
    const wait = () => (delay > 0 ? new Promise((resolve) => setTimeout(resolve, delay)) : undefined);
    await wait();
    this.disconnect('LOGOUT');
    await wait();
  }

  browserPid(): number | null {
    return null;
  }
}

/** A stable fake `@lid` user for a phone (real lids are unrelated 14–15 digit numbers). */
export function lidOf(phone: string): string {
  return `9${phone.padStart(14, '0').slice(-14)}`;
}
