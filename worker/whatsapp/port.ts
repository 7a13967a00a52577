import type { ChatDto, ContactDto, MeDto, MessageDto, ReactionDto } from '../../lib/whatsapp/dto';

export type {
  ChatDto,
  ContactDto,
  MeDto,
  MessageDto,
  ParticipantDto,
  ReactionDto,
} from '../../lib/whatsapp/dto';

/** A downloaded file as the library hands it over: the whole file as one base64 string. */
export interface DownloadedMedia {
  mimetype: string;
  data: string;
  filename: string | null;
}

/**
 * The port between the worker and a WhatsApp driver. Drivers (whatsapp-web.js, the scripted fake) emit and
 * return these plain DTOs only: no live library objects ever reach the worker's logic or the database code.
 */

export type DriverEvent =
  | { type: 'qr'; qr: string }
  | { type: 'pairing_code'; code: string }
  | { type: 'authenticated' }
  | { type: 'auth_failure'; message: string }
  | { type: 'ready' }
  | { type: 'loading'; percent: number }
  | { type: 'message'; message: MessageDto }
  | { type: 'ack'; chatId: string; protocolId: string; fromMe: boolean; ack: number }
  | { type: 'edit'; message: MessageDto; newBody: string; previousBody: string }
  | { type: 'revoke'; chatId: string; protocolId: string; fromMe: boolean }
  | { type: 'reaction'; reaction: ReactionDto }
  | {
      type: 'group_change';
      chatId: string;
      kind: 'join' | 'leave' | 'update' | 'admin';
      participantWids: string[];
    }
  | { type: 'state'; state: string }
  | { type: 'disconnected'; reason: string }
  /** The browser or page died ("Target closed", an unhandled library rejection): restart the client. */
  | { type: 'fatal'; error: string };

/** A send's extras: a file (its caption is the body) and the message it replies to. */
export interface SendOptions {
  media?: OutgoingMedia;
  /** Serialized id of the quoted message (the library's `quotedMessageId`). */
  quotedMessageId?: string;
}

export interface OutgoingMedia {
  mimetype: string;
  filename: string;
  data: Buffer;
  /** The library's `sendMediaAsDocument`: the file as is, with its name, instead of an inline photo/video. */
  asDocument: boolean;
}

/** The WhatsApp type a sent file becomes, which the send reconciliation looks for in the chat. */
export function sentMediaType(media: { mimetype: string; asDocument: boolean }): string {
  if (media.asDocument) return 'document';
  const kind = media.mimetype.split('/')[0];
  return kind === 'image' || kind === 'video' || kind === 'audio' ? kind : 'document';
}

export type DriverListener = (event: DriverEvent) => void;

/** How long a clean client destroy may take before the browser is killed. */
export const DESTROY_GRACE_MS = 15_000;

export interface WhatsAppDriver {
  readonly kind: 'webjs' | 'fake';
  /** Launch and connect; events flow to the listener until stop(). Rejects when the client cannot start. */
  start(listener: DriverListener, options?: { pairingPhone?: string }): Promise<void>;
  /**
   * Destroy the client and its browser, waiting up to DESTROY_GRACE_MS for a clean close. `kill`: end the
   * browser at once, for a number whose lease is (or is about to be) another worker's: that worker may open
   * the same profile any moment. Safe to call twice and after a failed start.
   */
  stop(options?: { kill?: boolean }): Promise<void>;
  getState(): Promise<string | null>;
  getMe(): Promise<MeDto | null>;
  getVersion(): Promise<string | null>;
  getChats(): Promise<ChatDto[]>;
  /** One chat with its group metadata; null when WhatsApp does not know it. Far cheaper than getChats. */
  getChat(chatId: string): Promise<ChatDto | null>;
  getContacts(): Promise<ContactDto[]>;
  /**
   * The `@c.us` id behind each `@lid` (null when WhatsApp does not know the phone). Each lookup is a query to
   * WhatsApp, and frequent ones raise ban risk: callers cache the answers, found and not found.
   */
  phoneIdsOfLids(lids: string[]): Promise<Map<string, string | null>>;
  /** Newest `limit` messages of a chat, oldest first (the library's order). */
  fetchMessages(chatId: string, options: { limit: number; fromMe?: boolean }): Promise<MessageDto[]>;
  /**
   * Resolves null when the message may have gone out but the library did not say which message it became
   * (whatsapp-web.js returns `undefined` then): the caller looks for it instead of failing (a retry would send
   * it twice). Throws ClientGoneError when the page is gone.
   */
  sendMessage(chatId: string, body: string, options?: SendOptions): Promise<MessageDto | null>;
  /**
   * React to a message by its serialized id (`Message.react`); '' takes our reaction back. Throws when the
   * message is not in WhatsApp Web any more (the library would silently do nothing).
   */
  react(messageId: string, emoji: string): Promise<void>;
  /** Send the chat's read receipt (`Chat.sendSeen`): the other side sees its messages as read. */
  sendSeen(chatId: string): Promise<void>;
  /**
   * The file of a media message. Null when WhatsApp no longer has it (expired, being re-uploaded by the
   * sender, 404, the message left the page: `downloadMedia()` answers undefined/null); throws for other
   * failures ("Evaluation failed: …"), which are worth a retry.
   */
  downloadMedia(message: {
    serializedId: string;
    chatId: string;
    protocolId: string;
  }): Promise<DownloadedMedia | null>;
  requestPairingCode(phone: string): Promise<string>;
  /** Group administration (GroupChat.js, Client.createGroup); throws GroupAdminError when WhatsApp refuses. */
  groups: GroupAdminPort;
  logout(): Promise<void>;
  /** PID of the browser process, for the memory watchdog; null when there is none. */
  browserPid(): number | null;
}

/**
 * The page or browser is gone ("Attempted to use detached Frame", "Target closed", a protocol timeout): the
 * driver has already asked for a client restart. `maybeSent` when the call may have reached WhatsApp before
 * the page stopped answering (a timeout); otherwise it never did.
 */
export class ClientGoneError extends Error {
  constructor(
    message: string,
    readonly maybeSent: boolean,
  ) {
    super(message);
    this.name = 'ClientGoneError';
  }
}

/** Per participant, WhatsApp's answer: 200 added/changed, 403 invite sent instead, 404/409/… refused. */
export type ParticipantResults = Record<string, { status: number; message?: string }>;

export type ParticipantAction = 'add' | 'remove' | 'promote' | 'demote';

export interface GroupAdminPort {
  /** Our number creates the group, so it is its admin; participants WhatsApp could not add are in the results. */
  create(name: string, participants: string[]): Promise<{ chatId: string; participants: ParticipantResults }>;
  /** The current invite code (the link is https://chat.whatsapp.com/<code>). */
  inviteCode(chatId: string): Promise<string>;
  /** Revokes the current link; answers the new code. */
  revokeInvite(chatId: string): Promise<string>;
  /**
   * For `add`, WhatsApp's answer per participant. For remove/promote/demote whatsapp-web.js answers 200 for
   * everyone whatever happened: the caller reads the outcome from the group (outbox/participant-outcomes.ts).
   */
  participants(chatId: string, action: ParticipantAction, wids: string[]): Promise<ParticipantResults>;
  setSubject(chatId: string, name: string): Promise<void>;
  setDescription(chatId: string, description: string): Promise<void>;
}

/** WhatsApp refused a group change: `not_admin` (our number is not an admin there), `not_found`, or `failed`. */
export class GroupAdminError extends Error {
  constructor(
    readonly reason: 'not_admin' | 'not_found' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'GroupAdminError';
  }
}
