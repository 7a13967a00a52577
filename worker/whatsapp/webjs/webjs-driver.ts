import { AsyncResource } from 'node:async_hooks';
import wwebjs, {
  type ClientOptions,
  type GroupNotification,
  type Message,
  type Reaction,
  type Client as WaClient,
} from 'whatsapp-web.js';
import type { Logger } from '../../../lib/log';
import { browserEnv } from '../../../lib/process/child-env';
import { reportFailure } from '../../metrics/failures';
import {
  ClientGoneError,
  type ContactDto,
  DESTROY_GRACE_MS,
  type DownloadedMedia,
  type DriverListener,
  type MeDto,
  type MessageDto,
  type SendOptions,
  type WhatsAppDriver,
} from '../port';
import { CHROMIUM_ARGS, findChromium } from './find-chromium';
import { mapChat, mapContact, mapMessage, mapReaction, serialized } from './mapping';
import { webjsGroups } from './webjs-groups';

const { Client, LocalAuth, MessageMedia } = wwebjs;
const SANDBOX_OFF = ['--no-sandbox', '--disable-setuid-sandbox'];

/** Errors that mean the browser or page is gone: only a new Client (after destroy) recovers. */
const FATAL =
  /Target closed|Session closed|Protocol error|Execution context was destroyed|browser has disconnected|detached Frame|timed out/i;
/** Of those, the ones where the call may still have run in the page (Puppeteer's protocolTimeout). */
const MAYBE_RAN = /timed out/i;

export interface WebjsOptions {
  clientId: string;
  dataPath: string;
  /** Where the library caches WhatsApp Web's HTML per version: under DATA_DIR, the only place we may write. */
  webCachePath: string;
  takeoverOnConflict: boolean;
  chromePath?: string;
  /** Keep Chromium's own sandbox (CHROMIUM_SANDBOX=1). */
  sandbox?: boolean;
  log: Logger;
}

/**
 * The library's options. Without `webVersionCache.path` it writes `./.wwebjs_cache/` under the working
 * directory; in the image `/app` belongs to root, the write fails inside a Puppeteer-exposed function, and
 * `ready` never comes. `takeoverOnConflict` is off unless configured: it would fight a person's own tab.
 */
export function clientOptions(options: WebjsOptions, pairingPhone?: string): ClientOptions {
  return {
    authStrategy: new LocalAuth({ clientId: options.clientId, dataPath: options.dataPath }),
    webVersionCache: { type: 'local', path: options.webCachePath },
    puppeteer: {
      executablePath: findChromium(options.chromePath),
      headless: true,
      protocolTimeout: 120_000,
      // Puppeteer would hand Chromium the worker's whole environment (database URL, tokens).
      env: browserEnv(process.env),
      // Chromium's sandbox needs user namespaces (or its setuid helper), which most containers lack;
      // CHROMIUM_SANDBOX=1 keeps it on where the host allows it (README, Security).
      args: options.sandbox ? CHROMIUM_ARGS.filter((arg) => !SANDBOX_OFF.includes(arg)) : CHROMIUM_ARGS,
    },
    takeoverOnConflict: options.takeoverOnConflict,
    ...(pairingPhone ? { pairWithPhoneNumber: { phoneNumber: pairingPhone } } : {}),
  };
}

/**
 * whatsapp-web.js behind our port. One instance = one Client = one Chromium; the runner builds a new one
 * for every (re)start. LocalAuth keeps the linked session under DATA_DIR with a stable client id.
 */
export class WebjsDriver implements WhatsAppDriver {
  readonly kind = 'webjs' as const;
  private client: WaClient | undefined;
  private listener: DriverListener | undefined;
  /** `@lid` → `@c.us`, so one person's chat is one row whichever id WhatsApp used. */
  private readonly phoneIdOfLid = new Map<string, string>();
  /** Lookups asked (or being asked) of WhatsApp; null: it does not know the phone. */
  private readonly lidLookups = new Map<string, Promise<string | null>>();
  /** `getNumberId` answers per chat id, so repeated sends to one customer do not ask WhatsApp again. */
  private readonly numberIds = new Map<string, string>();
  readonly groups = webjsGroups((fn) => this.call(fn));
  /**
   * The async context start() ran in (the runner's, for this client: worker/client-rejections.ts). Calls
   * made from the outbox or a sync re-enter it, so a promise the library leaves unawaited during one of
   * them is still this client's when it rejects.
   */
  private scope: AsyncResource | undefined;
  /** Inside logout(): the library closes the browser there itself, before removing the profile. */
  private loggingOut = false;

  constructor(private readonly options: WebjsOptions) {}

  async start(listener: DriverListener, options: { pairingPhone?: string } = {}): Promise<void> {
    this.listener = listener;
    const client = new Client(clientOptions(this.options, options.pairingPhone));
    this.client = client;
    this.scope = new AsyncResource('WhatsAppClient');
    this.wire(client);
    try {
      await client.initialize();
      client.pupBrowser?.on('disconnected', () =>
        this.emit(
          this.loggingOut
            ? { type: 'disconnected', reason: 'LOGOUT' }
            : { type: 'fatal', error: 'Chromium closed (browser has disconnected)' },
        ),
      );
    } catch (error) {
      // Offline, initialize() rejects (net::ERR_NAME_NOT_RESOLVED) without any event and leaves Chromium up.
      await this.stop();
      throw error instanceof Error ? error : new Error(String(error));
    }
  }

  private wire(client: WaClient): void {
    client.on('qr', (qr: string) => this.emit({ type: 'qr', qr }));
    client.on('code', (code: string) => this.emit({ type: 'pairing_code', code }));
    client.on('authenticated', () => this.emit({ type: 'authenticated' }));
    client.on('auth_failure', (message: string) => this.emit({ type: 'auth_failure', message }));
    client.on('ready', () => this.emit({ type: 'ready' }));
    client.on('loading_screen', (percent: string | number) =>
      this.emit({ type: 'loading', percent: Number(percent) }),
    );
    // Both fire for incoming messages; the database dedupes on (session, protocol id, from_me).
    client.on('message', (msg: Message) => void this.emitMessage(msg));
    client.on('message_create', (msg: Message) => void this.emitMessage(msg));
    client.on('message_ack', (msg: Message, ack: number) =>
      this.emit({
        type: 'ack',
        chatId: this.chatOf(msg),
        protocolId: msg.id.id,
        fromMe: Boolean(msg.id.fromMe),
        ack,
      }),
    );
    client.on('message_edit', (msg: Message, newBody: unknown, prevBody: unknown) =>
      this.emit({
        type: 'edit',
        message: mapMessage(msg),
        newBody: String(newBody ?? ''),
        previousBody: String(prevBody ?? ''),
      }),
    );
    client.on('message_revoke_everyone', (msg: Message) =>
      this.emit({
        type: 'revoke',
        chatId: this.chatOf(msg),
        protocolId: msg.id.id,
        fromMe: Boolean(msg.id.fromMe),
      }),
    );
    client.on('message_reaction', (r: Reaction) => {
      const reaction = mapReaction(r);
      if (reaction)
        this.emit({
          type: 'reaction',
          reaction: { ...reaction, chatId: this.phoneIdOfLid.get(reaction.chatId) ?? reaction.chatId },
        });
    });
    const group = (kind: 'join' | 'leave' | 'update' | 'admin') => (n: GroupNotification) =>
      this.emit({
        type: 'group_change',
        chatId: serialized(n.chatId) ?? '',
        kind,
        participantWids: (n.recipientIds ?? []).map((r) => serialized(r) ?? '').filter(Boolean),
      });
    client.on('group_join', group('join'));
    client.on('group_leave', group('leave'));
    client.on('group_update', group('update'));
    client.on('group_admin_changed', group('admin'));
    client.on('change_state', (state: string) => this.emit({ type: 'state', state: String(state) }));
    client.on('disconnected', (reason: string) =>
      this.emit({ type: 'disconnected', reason: String(reason) }),
    );
  }

  private emit(event: Parameters<DriverListener>[0]): void {
    this.listener?.(event);
  }

  private chatOf(msg: Message): string {
    const id = mapMessage(msg).chatId;
    return this.phoneIdOfLid.get(id) ?? id;
  }

  private async emitMessage(msg: Message): Promise<void> {
    try {
      this.emit({ type: 'message', message: await this.normalize(mapMessage(msg)) });
    } catch (error) {
      this.options.log.error({ err: String(error) }, 'could not map a WhatsApp message');
    }
  }

  /**
   * Individual chats addressed as `@lid` are stored under the phone id when WhatsApp can tell us which. Each
   * lid is asked about once per client, found or not (and once when messages of one chat arrive together); a
   * failed lookup is forgotten, so a later message asks again.
   */
  private async normalize(message: MessageDto): Promise<MessageDto> {
    const client = this.client;
    if (!message.chatId.endsWith('@lid') || !client) return message;
    const lid = message.chatId;
    let lookup = this.lidLookups.get(lid);
    if (!lookup) {
      lookup = client.getContactLidAndPhone([lid]).then(
        ([pair]) => {
          const phoneId = pair?.pn ? (pair.pn.includes('@') ? pair.pn : `${pair.pn}@c.us`) : null;
          if (phoneId) this.phoneIdOfLid.set(lid, phoneId);
          return phoneId;
        },
        (error: unknown) => {
          // The message is stored under its @lid id instead.
          this.lidLookups.delete(lid);
          reportFailure(this.options.log, 'lid_lookup', error, 'could not map an @lid chat to its phone id');
          return null;
        },
      );
      this.lidLookups.set(lid, lookup);
    }
    const phoneId = await lookup;
    if (!phoneId) return message;
    return {
      ...message,
      chatId: phoneId,
      senderWid: message.senderWid === message.chatId ? phoneId : message.senderWid,
    };
  }

  private async call<T>(fn: (client: WaClient) => Promise<T>): Promise<T> {
    const client = this.client;
    if (!client) throw new Error('WhatsApp client is not running');
    try {
      return await (this.scope ? this.scope.runInAsyncScope(() => fn(client)) : fn(client));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!FATAL.test(message)) throw error;
      this.emit({ type: 'fatal', error: message });
      throw new ClientGoneError(message, MAYBE_RAN.test(message));
    }
  }

  async stop(options: { kill?: boolean } = {}): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.listener = undefined;
    if (!client) return;
    const pid = client.pupBrowser?.process()?.pid;
    const kill = () => {
      if (!pid) return;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    // Fenced: the browser goes first; destroy() then only releases what Puppeteer holds (and rejects).
    if (options.kill) kill();
    // destroy() of a client whose browser already died rejects ("Target closed"): that is the expected end,
    // and the SIGKILL below covers a browser that is still there.
    await Promise.race([
      client.destroy().catch(() => {}),
      new Promise((r) => setTimeout(r, options.kill ? 0 : DESTROY_GRACE_MS)),
    ]);
    // A hung destroy must not leave Chromium (and its profile lock) behind.
    kill();
  }

  getState(): Promise<string | null> {
    return this.call(async (c) => (await c.getState()) ?? null);
  }

  async getMe(): Promise<MeDto | null> {
    const info = this.client?.info;
    if (!info?.wid) return null;
    return { wid: info.wid._serialized, phone: info.wid.user ?? null, pushName: info.pushname ?? null };
  }

  getVersion(): Promise<string | null> {
    return this.call((c) => c.getWWebVersion());
  }

  getChats() {
    return this.call(async (c) => (await c.getChats()).map(mapChat));
  }

  phoneIdsOfLids(lids: string[]): Promise<Map<string, string | null>> {
    return this.call(async (c) => {
      const found = new Map<string, string | null>(lids.map((lid) => [lid, null]));
      for (const pair of await c.getContactLidAndPhone(lids)) {
        const lid = serialized(pair.lid);
        const pn = serialized(pair.pn);
        if (lid && pn) found.set(lid, pn.includes('@') ? pn : `${pn}@c.us`);
      }
      return found;
    });
  }

  getChat(chatId: string) {
    return this.call(async (c) => {
      const chat = await c.getChatById(chatId);
      return chat ? mapChat(chat) : null;
    });
  }

  getContacts(): Promise<ContactDto[]> {
    return this.call(async (c) => (await c.getContacts()).map(mapContact));
  }

  fetchMessages(chatId: string, options: { limit: number; fromMe?: boolean }): Promise<MessageDto[]> {
    return this.call(async (c) => {
      const chat = await c.getChatById(chatId);
      const messages = await chat.fetchMessages({ limit: options.limit, fromMe: options.fromMe });
      return Promise.all(messages.map((m) => this.normalize(mapMessage(m))));
    });
  }

  sendMessage(chatId: string, body: string, options: SendOptions = {}): Promise<MessageDto | null> {
    return this.call(async (c) => {
      let target = chatId;
      if (chatId.endsWith('@c.us')) {
        // Sending to an unresolved number throws "No LID for user": resolve it first, once per number (every
        // lookup is a query to WhatsApp; frequent ones raise ban risk).
        let resolved = this.numberIds.get(chatId);
        if (!resolved) {
          const id = await c.getNumberId(chatId.replace('@c.us', ''));
          if (!id) throw new Error(`${chatId.replace('@c.us', '')} is not on WhatsApp`);
          resolved = id._serialized;
          this.numberIds.set(chatId, resolved);
        }
        target = resolved;
      }
      // sendSeen: marking the chat read is what broke `markedUnread` in 1.34, and an operator reading the
      // dashboard has not read the phone. linkPreview off: the preview is fetched by the browser, from the
      // link's server, before the send; our notifications carry no links that need one.
      // A file goes as MessageMedia with the text as its caption. The base64 copy lives only for this call:
      // the library hands the whole file to the page as one string. A quote the page cannot find is
      // dropped by the library (`ignoreQuoteErrors`), and the message still goes out.
      const { media, quotedMessageId } = options;
      const content = media
        ? new MessageMedia(media.mimetype, media.data.toString('base64'), media.filename, media.data.length)
        : body;
      const sent = (await c.sendMessage(target, content, {
        sendSeen: false,
        linkPreview: false,
        ...(media ? { caption: body || undefined, sendMediaAsDocument: media.asDocument } : {}),
        ...(quotedMessageId ? { quotedMessageId } : {}),
      })) as Message | undefined;
      // Client.js answers undefined when it cannot find the message it just sent: it may well have gone out.
      if (!sent) return null;
      return { ...mapMessage(sent), chatId };
    });
  }

  react(messageId: string, emoji: string): Promise<void> {
    return this.call(async (c) => {
      // client.sendReaction does nothing, silently, for a message the page does not have: look it up first.
      const message = await c.getMessageById(messageId);
      if (!message) throw new Error(`message ${messageId} is not in WhatsApp Web`);
      await message.react(emoji);
    });
  }

  sendSeen(chatId: string): Promise<void> {
    return this.call(async (c) => {
      // Client.sendSeen answers false, without throwing, for a chat the page does not know.
      if (!(await c.sendSeen(chatId))) throw new Error(`chat ${chatId} is not in WhatsApp Web`);
    });
  }

  downloadMedia(message: { serializedId: string }): Promise<DownloadedMedia | null> {
    return this.call(async (c) => {
      // The live Message object is looked up again: the worker keeps only rows, never library objects.
      const msg = await c.getMessageById(message.serializedId);
      if (!msg) return null;
      const media = await msg.downloadMedia();
      if (!media?.data) return null;
      return { mimetype: media.mimetype, data: media.data, filename: media.filename ?? null };
    });
  }

  requestPairingCode(phone: string): Promise<string> {
    return this.call(async (c) => {
      const code = await c.requestPairingCode(phone);
      // The library emits `code` only when started with pairWithPhoneNumber; announce it either way.
      this.emit({ type: 'pairing_code', code });
      return code;
    });
  }

  /** `Client.logout()` unlinks the device, closes the browser (reported as a LOGOUT disconnect), then removes the profile. */
  async logout(): Promise<void> {
    this.loggingOut = true;
    try {
      await this.call((c) => c.logout());
    } finally {
      this.loggingOut = false;
    }
  }

  browserPid(): number | null {
    return this.client?.pupBrowser?.process()?.pid ?? null;
  }
}
