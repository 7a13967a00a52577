import { z } from 'zod';
import { GROUP_SOURCES } from '../../bindings/group-source';
import { COMMAND_KINDS, COMMAND_STATUSES } from '../../commands/command-kinds';
import { apiKeyScope, deliveryStatus, experienceStatus, userRole, WEBHOOK_EVENTS } from '../../db/schema';
import { MEDIA_STATES } from '../../media/states';
import { REQUEST_STATUSES } from '../../reservations/request-status';
import { settingSchemas } from '../../settings/schema';
import { MESSAGE_SOURCES } from '../../whatsapp/message-source';
import { SESSION_DESIRED_STATES, SESSION_STATUSES } from '../../whatsapp/sessions/status';

/**
 * Response shapes of the API, as JSON delivers them (timestamps are ISO strings). Written once: the OpenAPI
 * document publishes them and the dashboard's types are `z.infer` of them, so neither can drift from the
 * other; tests/api-responses.test.ts parses real answers with them. Objects are open (`z.object`): a field
 * added to an answer is not a break, a field missing or of the wrong type is.
 */

const id = z.number().int().positive();
const timestamp = z.iso.datetime();
const named = z.object({ id, name: z.string() });

/** A page of any list (`pageSchema` in ./common). */
export type Page<T> = { items: T[]; nextCursor: string | null };

export const chatItem = z.object({
  id,
  sessionId: id,
  waId: z.string(),
  name: z.string().nullable(),
  isGroup: z.boolean(),
  unreadCount: z.number().int(),
  archived: z.boolean(),
  pinned: z.boolean(),
  muted: z.boolean(),
  readOnly: z.boolean(),
  lastMessageAt: timestamp.nullable(),
  description: z.string().nullable(),
  participantCount: z.number().int(),
  weAreMember: z.boolean(),
  weAreAdmin: z.boolean(),
  deletedAt: timestamp.nullable(),
  /** Digits of an individual chat's number; null for groups and `@lid` chats. */
  phone: z.string().nullable(),
  lastMessage: z
    .object({
      body: z.string(),
      fromMe: z.boolean(),
      type: z.string(),
      timestamp,
      revoked: z.boolean(),
      /** What the preview line names a file by ("📄 voucher.pdf", "🎤 Nota de voz 0:12"). */
      media: z.object({ filename: z.string().nullable(), duration: z.number().nullable() }).nullable(),
    })
    .nullable()
    .optional(),
});
export type ChatItem = z.infer<typeof chatItem>;

const groupUsage = z.object({
  experiences: z.array(z.object({ id, title: z.string(), isOverride: z.boolean() })),
  operators: z.array(named),
});
export const groupItem = chatItem.extend({ usedBy: groupUsage });
export type GroupItem = z.infer<typeof groupItem>;

export const messageItem = z.object({
  id,
  chatId: id,
  protocolId: z.string(),
  serializedId: z.string().nullable(),
  fromMe: z.boolean(),
  senderWid: z.string().nullable(),
  body: z.string(),
  type: z.string(),
  timestamp,
  ack: z.number().int(),
  hasMedia: z.boolean(),
  isForwarded: z.boolean(),
  quotedProtocolId: z.string().nullable(),
  editedAt: timestamp.nullable(),
  previousBody: z.string().nullable(),
  revokedAt: timestamp.nullable(),
  source: z.enum(MESSAGE_SOURCES),
  /** A WhatsApp system event (lib/whatsapp/message-types.ts): shown small, not counted, not processed. */
  system: z.boolean(),
  media: z
    .object({
      mimetype: z.string().nullable(),
      size: z.number().nullable(),
      filehash: z.string().nullable(),
      filename: z.string().nullable(),
      duration: z.number().nullable(),
      width: z.number().nullable(),
      height: z.number().nullable(),
      /** Base64 JPEG preview WhatsApp sends (no `data:` prefix), for an instant blurred preview. */
      thumbnail: z.string().nullable(),
      /** Where the download is; null when WhatsApp gave nothing to download. */
      state: z.enum(MEDIA_STATES).nullable(),
      /** The media route, while `state` is `stored`. */
      url: z.string().nullable(),
      /** Last download error. */
      error: z.string().nullable(),
    })
    .nullable(),
  poll: z.object({ name: z.string(), options: z.array(z.string()), allowMultiple: z.boolean() }).nullable(),
  /** The message this one replies to; `id` is our row id when we have it stored. */
  quoted: z
    .object({
      id: id.nullable(),
      protocolId: z.string(),
      body: z.string(),
      type: z.string(),
      fromMe: z.boolean(),
      senderWid: z.string().nullable(),
    })
    .nullable(),
  /** One per sender, the latest; removed reactions are not listed. */
  reactions: z.array(
    z.object({
      emoji: z.string(),
      senderWid: z.string().nullable(),
      senderName: z.string().nullable(),
      fromMe: z.boolean(),
    }),
  ),
  location: z
    .object({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().nullable(),
      address: z.string().nullable(),
    })
    .nullable(),
  vcards: z.array(z.object({ name: z.string().nullable(), numbers: z.array(z.string()) })).nullable(),
});
export type MessageItem = z.infer<typeof messageItem>;

/** The answer of "download now": where the item is afterwards. */
export const mediaDownloadView = z.object({ messageId: id, state: z.enum(MEDIA_STATES) });

export const commandView = z.object({
  id,
  sessionId: id,
  kind: z.enum(COMMAND_KINDS),
  status: z.enum(COMMAND_STATUSES),
  payload: z.record(z.string(), z.unknown()),
  attempts: z.number().int(),
  progress: z.object({ done: z.number(), total: z.number().optional() }).nullable(),
  result: z.object({ protocolId: z.string().optional(), messages: z.number().optional() }).loose().nullable(),
  error: z.string().nullable(),
  createdAt: timestamp,
  finishedAt: timestamp.nullable(),
});
export type CommandView = z.infer<typeof commandView>;

/** The 202 of every queued action: the command to poll, and whether this request created it. */
export const queuedCommand = z.object({ command: commandView, created: z.boolean().optional() });

export const sessionStatusView = z.object({
  session: z.string(),
  label: z.string().nullable(),
  desiredState: z.enum(SESSION_DESIRED_STATES).meta({
    description: '`running`: a worker of the pool should run it; `stopped`: stopped from the dashboard.',
  }),
  waiting: z
    .object({ reason: z.enum(['no_worker', 'workers_full']), message: z.string() })
    .nullable()
    .meta({
      description: 'Set while a number that should run has no worker (every worker full, or none alive).',
    }),
  status: z.enum(SESSION_STATUSES),
  connected: z.boolean(),
  needsAction: z.boolean(),
  phone: z.string().nullable(),
  pushName: z.string().nullable(),
  qrAvailable: z.boolean(),
  pairingCodeAvailable: z.boolean(),
  lastEventAt: timestamp.nullable(),
  lastError: z.string().nullable(),
  waVersion: z.string().nullable(),
  consecutiveRestarts: z.number().int(),
  worker: z.object({
    alive: z.boolean(),
    host: z.string().nullable(),
    heartbeatAt: timestamp.nullable(),
    workerRssMb: z.number().nullable(),
    chromiumRssMb: z.number().nullable(),
  }),
});
export type SessionStatusView = z.infer<typeof sessionStatusView>;

export const deletedSession = z.object({
  session: z.string(),
  deleted: z.literal(true),
  messages: z.enum(['keep', 'purge']),
});

export const qrView = z.object({
  qr: z.string().nullable(),
  expiresAt: timestamp.nullable(),
  pairingCode: z.string().nullable(),
});
export type QrView = z.infer<typeof qrView>;

const groupWarning = z.object({
  code: z.enum(['chat_deleted', 'not_member', 'flagged']),
  message: z.string(),
});

export const effectiveGroup = z.object({
  chatId: id.nullable(),
  session: z.string().nullable().meta({ description: 'The WhatsApp number the group belongs to.' }),
  waId: z.string().nullable(),
  name: z.string().nullable(),
  source: z.enum(GROUP_SOURCES),
  bindingId: id.nullable(),
  warning: groupWarning.nullable(),
});
export type EffectiveGroup = z.infer<typeof effectiveGroup>;

export const experienceItem = z.object({
  id,
  externalId: z.string().nullable(),
  title: z.string(),
  status: z.enum(experienceStatus.enumValues),
  organizer: named,
  operator: named.nullable(),
  group: effectiveGroup,
});
export type ExperienceItem = z.infer<typeof experienceItem>;

export const operatorItem = z.object({
  id,
  name: z.string(),
  phone: z.string().nullable(),
  isSystemCreated: z.boolean(),
  active: z.boolean(),
  organizer: named.nullable(),
  defaultGroup: z
    .object({
      chatId: id,
      name: z.string().nullable(),
      waId: z.string(),
      warning: groupWarning.nullable(),
    })
    .nullable(),
  experienceCount: z.number().int(),
  overriddenCount: z.number().int(),
  followingDefaultCount: z.number().int(),
});
export type OperatorItem = z.infer<typeof operatorItem>;

const chatRef = z.object({ id, waId: z.string(), name: z.string().nullable() });

export const requestItem = z.object({
  id,
  code: z.string(),
  status: z.enum(REQUEST_STATUSES),
  error: z.string().nullable(),
  notifyAttempts: z.number().int(),
  groupSource: z.enum(GROUP_SOURCES).nullable(),
  createdAt: timestamp,
  messageBody: z.string(),
  customerChat: chatRef,
  experience: z.object({ id, title: z.string() }).nullable(),
  operator: named.nullable(),
  groupChat: chatRef.nullable(),
});
export type RequestItem = z.infer<typeof requestItem>;

export const requestDetail = requestItem.extend({
  trace: z.array(z.object({ at: timestamp, status: z.string(), note: z.string().optional() })),
  notificationCommandId: id.nullable(),
  reservation: z
    .object({
      code: z.string(),
      customerName: z.string(),
      customerPhone: z.string().nullable(),
      date: z.string().nullable(),
      partySize: z.number().int(),
    })
    .nullable(),
});
export type RequestDetail = z.infer<typeof requestDetail>;

export const overviewView = z.object({
  generatedAt: timestamp,
  timeZone: z.string(),
  session: z.string(),
  connection: sessionStatusView.nullable(),
  /** A heartbeat older than this means the worker is down (readers age it between two fetches). */
  workerStaleSeconds: z.number().int(),
  messagesToday: z.object({ since: timestamp, inbound: z.number().int(), outbound: z.number().int() }),
  perHour: z.array(z.object({ start: timestamp, inbound: z.number().int(), outbound: z.number().int() })),
  requests: z.record(z.enum(REQUEST_STATUSES), z.number().int()),
  failedNotifications: z.number().int(),
});
export type OverviewView = z.infer<typeof overviewView>;

export const userRow = z.object({
  id,
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(userRole.enumValues),
  disabled: z.boolean(),
  lastLoginAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type UserRow = z.infer<typeof userRow>;

export const apiKeyRow = z.object({
  id,
  name: z.string(),
  prefix: z.string(),
  scope: z.enum(apiKeyScope.enumValues),
  lastUsedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  expiresAt: timestamp.nullable(),
  /** Its creator is no longer an active superadmin: the key is refused; revoke it or make a new one. */
  creatorLostAccess: z.boolean(),
  createdAt: timestamp,
});
export type ApiKeyRow = z.infer<typeof apiKeyRow>;

export const endpointRow = z.object({
  id,
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  description: z.string().nullable(),
  active: z.boolean(),
  /** The last characters of the secret: the secret itself is shown once, when created or rotated. */
  secretHint: z.string(),
  pendingCount: z.number().int(),
  deadCount: z.number().int(),
  lastDeliveredAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type EndpointRow = z.infer<typeof endpointRow>;

export const deliveryRow = z.object({
  id,
  event: z.enum(WEBHOOK_EVENTS),
  status: z.enum(deliveryStatus.enumValues),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type DeliveryRow = z.infer<typeof deliveryRow>;
export type DeliveryStatus = DeliveryRow['status'];

/** The admin lists that are not paged (a handful of rows each). */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** Every setting with its value (defaults filled in); `Settings` in lib/settings/schema is the same shape. */
export const settingsView = z.object(settingSchemas);
