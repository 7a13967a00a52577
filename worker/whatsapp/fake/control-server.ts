import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { isMediaType } from '../../../lib/whatsapp/message-types';
import { parseVcard } from '../../../lib/whatsapp/vcard';
import type { MessageDto } from '../port';
import type { FakeDriver } from './fake-driver';
import { FAKE_THUMBNAIL } from './fake-media';
import { FakeWorld } from './fake-world';

const waId = z.string().regex(/^[\w.-]+@(c\.us|g\.us|lid)$/, 'a WhatsApp id like 569…@c.us, …@g.us or …@lid');
const participant = z.union([
  waId.transform((wid) => ({ wid, isAdmin: false, isSuperAdmin: false })),
  z
    .object({ id: waId, isAdmin: z.boolean().default(false), isSuperAdmin: z.boolean().default(false) })
    .transform((p) => ({ wid: p.id, isAdmin: p.isAdmin, isSuperAdmin: p.isSuperAdmin })),
]);
/** `true` means "the next one", a number the next N. */
const counted = z
  .union([z.boolean().transform((on) => (on ? 1 : 0)), z.number().int().min(0).max(1000)])
  .optional();
const schemas = {
  disconnect: z.object({ reason: z.string().min(1).max(64).default('NAVIGATION') }),
  chats: z.object({
    chats: z
      .array(
        z.object({
          id: waId,
          name: z.string().max(200).nullable().default(null),
          isGroup: z.boolean().optional(),
          participants: z.array(participant).max(1024).optional(),
        }),
      )
      .max(100_000),
  }),
  message: z.object({
    chatId: waId,
    body: z.string().max(65_536).default(''),
    from: waId.optional(),
    author: waId.optional(),
    fromMe: z.boolean().default(false),
    id: z
      .string()
      .regex(/^[A-Za-z0-9]{4,64}$/)
      .optional(),
    timestamp: z.number().int().positive().optional(),
    /** Any WhatsApp type: `chat`, `image`, `location`, `vcard`, `e2e_notification`, `call_log`, `gp2`, `ciphertext`… */
    type: z
      .string()
      .regex(/^[a-z0-9_]{1,32}$/)
      .default('chat'),
    /** For `location`: the place; the body is then a base64 JPEG thumbnail, as WhatsApp sends it. */
    location: z
      .object({
        lat: z.number().min(-90).max(90),
        lng: z.number().min(-180).max(180),
        name: z.string().max(500).optional(),
        address: z.string().max(500).optional(),
      })
      .optional(),
    /** For media types: the file, given (`data`, base64) or generated (`size` bytes). */
    media: z
      .object({
        mimetype: z.string().regex(/^[\w.+-]+\/[\w.+-]+(;.*)?$/),
        filename: z.string().min(1).max(255).optional(),
        data: z.base64().optional(),
        size: z
          .number()
          .int()
          .min(1)
          .max(2 * 1024 * 1024 * 1024)
          .optional(),
        duration: z.number().int().min(0).max(86_400).optional(),
        width: z.number().int().min(1).max(20_000).optional(),
        height: z.number().int().min(1).max(20_000).optional(),
      })
      .refine(
        (m) => (m.data === undefined) !== (m.size === undefined),
        'give media.data or media.size, not both',
      )
      .optional(),
    /** The text of a media message (what the library puts in `body`). */
    caption: z.string().max(65_536).optional(),
    /** `vcard` / `multi_vcard`: the raw vCard texts, as the library's `msg.vCards`. */
    vcards: z.array(z.string().max(65_536)).min(1).max(50).optional(),
    /** `poll_creation`. */
    poll: z
      .object({
        name: z.string().min(1).max(255),
        options: z.array(z.string().min(1).max(100)).min(1).max(12),
        allowMultiple: z.boolean().default(false),
      })
      .optional(),
    /** The message this one replies to (its id or serialized id). */
    quotedId: z.string().min(1).max(200).optional(),
    duplicate: z.number().int().min(0).max(100).default(0),
  }),
  reaction: z.object({
    messageId: z.string().min(1).max(200),
    /** '' removes the sender's reaction. */
    emoji: z.string().max(32),
    from: waId,
  }),
  ack: z.object({ id: z.string().min(1).max(200), ack: z.number().int().min(-1).max(4) }),
  edit: z.object({ body: z.string().max(65_536) }),
  bulk: z.object({
    count: z.number().int().min(1).max(2_000_000),
    chats: z.number().int().min(1).max(100_000).default(10),
    rate: z.number().positive().max(1_000_000).optional(),
  }),
  misbehave: z
    .object({
      readyTwice: z.boolean().optional(),
      failSends: z.number().int().min(0).max(1000).optional(),
      duplicateAll: z.number().int().min(0).max(10).optional(),
      withholdAcks: z.boolean().optional(),
      qrAfterReady: z.boolean().optional(),
      qrIdle: z.boolean().optional(),
      stallLoading: z.boolean().optional(),
      authenticatedWithoutReady: z.boolean().optional(),
      sendReturnsUndefined: counted,
      detachedFrame: counted,
      pageGoneAfterSend: counted,
      lidChats: z.boolean().optional(),
      lidGroups: z.boolean().optional(),
      duplicateContacts: z.boolean().optional(),
      pairingCodeFormat: z.boolean().optional(),
      mediaExpired: counted,
      mediaFails: counted,
      mediaTimeout: counted,
      groupOpsFail: counted,
      groupOpsTimeout: counted,
      strayRejection: counted,
      slowLogoutMs: z.number().int().min(0).max(60_000).optional(),
      slowDestroyMs: z.number().int().min(0).max(60_000).optional(),
    })
    .strict(),
  group: z.object({
    chatId: waId,
    kind: z.enum(['join', 'leave']),
    participants: z.array(waId).min(1).max(1024),
  }),
};

/** One fake phone: its world and the client currently running on it (replaced on every client restart). */
export interface FakePhone {
  world: FakeWorld;
  driver: FakeDriver | undefined;
  /** WhatsApp clients started on this phone by this process (every restart builds a new one). */
  clients: number;
}

/** A message as POST /messages takes it (e2e/fake.ts sends these). */
export type FakeMessageInput = z.input<typeof schemas.message>;

const SESSION_NAME = /^[-_A-Za-z0-9]{1,64}$/;

/**
 * The fake phones of this process, one per WhatsApp number (`?session=NAME` on every control endpoint; none
 * means the default number). Built from one world (a single number, as the in-process harnesses use) or from
 * an opener that loads a number's world from its directory on first use.
 */
export class FakeControl {
  private readonly phones = new Map<string, FakePhone>();
  private readonly open: ((session: string) => FakeWorld) | undefined;

  constructor(
    world: FakeWorld | ((session: string) => FakeWorld),
    readonly defaultSession = 'default',
  ) {
    if (world instanceof FakeWorld) this.phones.set(defaultSession, { world, driver: undefined, clients: 0 });
    else this.open = world;
  }

  /** The phone of a number, loaded on first use (a test may prepare chats before any worker runs it). */
  phone(session: string = this.defaultSession): FakePhone {
    const known = this.phones.get(session);
    if (known) return known;
    if (!this.open) throw new NoPhone(session);
    const phone = { world: this.open(session), driver: undefined, clients: 0 };
    this.phones.set(session, phone);
    return phone;
  }

  /**
   * Reads the number's phone back from disk: another worker process may have run it meanwhile (a take-over),
   * and what it recorded is on disk, not in this process's copy. Requested misbehaviour is kept.
   */
  reload(session: string): FakePhone {
    const previous = this.phones.get(session);
    if (!this.open) return this.phone(session);
    const world = this.open(session);
    if (previous) world.misbehaviour = previous.world.misbehaviour;
    const phone = { world, driver: undefined, clients: previous?.clients ?? 0 };
    this.phones.set(session, phone);
    return phone;
  }

  /** The default number's phone (what the control API answers without `?session=`). */
  get world(): FakeWorld {
    return this.phone().world;
  }
  get driver(): FakeDriver | undefined {
    return this.phone().driver;
  }
  set driver(driver: FakeDriver | undefined) {
    this.phone().driver = driver;
  }
}

class NoPhone extends Error {
  constructor(readonly session: string) {
    super(`no fake phone for session "${session}" in this process`);
  }
}

/**
 * The fake's control API on 127.0.0.1 only: tests, benchmarks and the demo script WhatsApp through it.
 * Whoever can call it can impersonate any customer, so every request carries `Authorization: Bearer <token>`,
 * a `Host` of this loopback address (a web page cannot reach it by DNS rebinding) and, with a body,
 * `Content-Type: application/json` (a cross-site form cannot send that without a preflight). Every body is
 * validated; bad input is a 400 with the reason and changes nothing.
 */
export function startControlServer(control: FakeControl, port: number, token: string): Promise<Server> {
  const expected = digest(`Bearer ${token}`);
  const server = createServer((req, res) => {
    const refusal = refuse(req, expected, port);
    if (refusal) return reply(res, refusal.status, { error: refusal.error });
    handle(control, req, res).catch((error: unknown) => {
      reply(res, 500, {
        error: { code: 'internal', message: error instanceof Error ? error.message : 'error' },
      });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const digest = (value: string) => createHash('sha256').update(value).digest();

function refuse(
  req: IncomingMessage,
  expected: Buffer,
  port: number,
): { status: number; error: { code: string; message: string } } | null {
  const host = req.headers.host ?? '';
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    return { status: 421, error: { code: 'wrong_host', message: `Host must be 127.0.0.1:${port}` } };
  }
  if (!timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
    return {
      status: 401,
      error: { code: 'unauthorized', message: 'send Authorization: Bearer <FAKE_WA_TOKEN>' },
    };
  }
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (hasBody && type !== 'application/json') {
    return {
      status: 415,
      error: { code: 'unsupported_media_type', message: 'send Content-Type: application/json' },
    };
  }
  return null;
}

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 50 * 1024 * 1024) throw new BadRequest('body too large');
    chunks.push(chunk);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BadRequest('body is not valid JSON');
  }
}

class BadRequest extends Error {}

async function handle(control: FakeControl, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://x');
  const route = `${req.method} ${url.pathname.replace(/\/$/, '')}`;
  const parse = async <S extends z.ZodType>(schema: S): Promise<z.output<S>> => {
    const result = schema.safeParse(await readJson(req));
    if (!result.success) throw new BadRequest(z.prettifyError(result.error));
    return result.data;
  };
  const session = url.searchParams.get('session') ?? control.defaultSession;
  if (!SESSION_NAME.test(session))
    return reply(res, 400, {
      error: { code: 'invalid', message: 'session: letters, digits, - and _ only (1-64 characters)' },
    });
  let phone: FakePhone;
  try {
    phone = control.phone(session);
  } catch (error) {
    if (error instanceof NoPhone)
      return reply(res, 404, { error: { code: 'not_found', message: error.message } });
    throw error;
  }
  const { world } = phone;
  const driver = () => {
    if (!phone.driver)
      throw new BadRequest(
        `the WhatsApp client of session "${session}" is not running in this process right now`,
      );
    return phone.driver;
  };
  const byId = /^POST \/messages\/([^/]+)\/(edit|revoke)$/.exec(route);
  try {
    if (byId) {
      // Also while the worker is down: the phone changes, and the back-fill must bring the change in.
      const message = world.find(decodeURIComponent(byId[1]!));
      if (!message) return reply(res, 404, { error: { code: 'not_found', message: 'no such message' } });
      if (byId[2] === 'edit') editMessage(phone, message, (await parse(schemas.edit)).body);
      else revokeMessage(phone, message);
      return reply(res, 200, { id: message.serializedId, type: message.type, body: message.body });
    }
    switch (route) {
      case 'GET /state':
        return reply(res, 200, {
          session,
          linked: world.linked,
          connected: phone.driver?.isConnected ?? false,
          clients: phone.clients,
          chats: world.chats.size,
          messages: [...world.history.values()].reduce((n, list) => n + list.length, 0),
          me: world.me,
        });
      case 'POST /scan':
        return reply(res, driver().scan() ? 200 : 409, { linked: world.linked });
      case 'POST /disconnect': {
        const { reason } = await parse(schemas.disconnect);
        driver().disconnect(reason);
        return reply(res, 200, { disconnected: reason });
      }
      case 'POST /reset':
        world.reset();
        return reply(res, 200, { reset: true });
      case 'POST /chats': {
        const { chats } = await parse(schemas.chats);
        for (const c of chats) {
          world.upsertChat({
            id: c.id,
            name: c.name,
            isGroup: c.isGroup ?? c.id.endsWith('@g.us'),
            participants: c.participants ?? null,
          });
        }
        world.saveState();
        return reply(res, 200, { chats: chats.length });
      }
      case 'POST /messages': {
        const m = await parse(schemas.message);
        if (m.media && !isMediaType(m.type)) throw new BadRequest(`type ${m.type} carries no media`);
        if (isMediaType(m.type) && !m.media) throw new BadRequest(`a ${m.type} needs media`);
        const message = toMessage(m, world);
        driver().deliver([message], m.duplicate);
        return reply(res, 200, { id: message.serializedId, protocolId: message.protocolId });
      }
      case 'POST /messages/bulk': {
        const b = await parse(schemas.bulk);
        const chats = Array.from({ length: b.chats }, (_, i) => `5697${String(i).padStart(7, '0')}@c.us`);
        const now = Math.floor(Date.now() / 1000);
        // A paced burst spans seconds: each message carries the second it is emitted in, as on a real phone
        // (a catch-up after a crash finds the gap by these times).
        const messages = Array.from({ length: b.count }, (_, i) =>
          toMessage(
            {
              chatId: chats[i % chats.length]!,
              body: `Mensaje de carga ${i + 1}`,
              timestamp: b.rate ? now + Math.floor(i / b.rate) : now,
            },
            world,
          ),
        );
        const target = driver();
        // On the phone (and on disk) before the first one is emitted: a worker killed mid-burst back-fills the rest.
        world.record(messages);
        emitPaced(messages, b.rate, (chunk) => target.emitMessages(chunk));
        return reply(res, 202, { accepted: b.count });
      }
      case 'POST /acks': {
        const { id, ack } = await parse(schemas.ack);
        const message = world.find(id);
        if (!message) return reply(res, 404, { error: { code: 'not_found', message: 'no such message' } });
        world.update(message, { ack });
        phone.driver?.notify({
          type: 'ack',
          chatId: message.chatId,
          protocolId: message.protocolId,
          fromMe: message.fromMe,
          ack,
        });
        return reply(res, 200, { id: message.serializedId, ack });
      }
      case 'POST /reactions': {
        const r = await parse(schemas.reaction);
        const message = world.find(r.messageId);
        if (!message) return reply(res, 404, { error: { code: 'not_found', message: 'no such message' } });
        const reaction = {
          chatId: message.chatId,
          messageProtocolId: message.protocolId,
          messageFromMe: message.fromMe,
          senderWid: r.from,
          fromMe: false,
          emoji: r.emoji,
          timestamp: Math.floor(Date.now() / 1000),
        };
        control.driver?.notify({ type: 'reaction', reaction });
        return reply(res, 200, reaction);
      }
      case 'GET /sent':
        return reply(res, 200, world.sent);
      case 'GET /groups':
        // The groups as WhatsApp has them: name, description, participants with admins, invite code.
        return reply(
          res,
          200,
          [...world.chats.values()].filter((c) => c.isGroup),
        );
      case 'POST /misbehave': {
        Object.assign(world.misbehaviour, await parse(schemas.misbehave));
        phone.driver?.leaveStrayRejections();
        return reply(res, 200, world.misbehaviour);
      }
      case 'POST /groups/participants': {
        const g = await parse(schemas.group);
        const chat = world.chats.get(g.chatId);
        if (!chat?.isGroup) throw new BadRequest(`${g.chatId} is not a known group`);
        const others = (chat.participants ?? []).filter((p) => !g.participants.includes(p.wid));
        const added = g.participants.map((wid) => ({ wid, isAdmin: false, isSuperAdmin: false }));
        chat.participants = g.kind === 'join' ? [...others, ...added] : others;
        world.saveState();
        driver().groupChange(g.chatId, g.kind, g.participants);
        return reply(res, 200, { participants: chat.participants.length });
      }
      default:
        return reply(res, 404, { error: { code: 'not_found', message: `no route ${route}` } });
    }
  } catch (error) {
    if (error instanceof BadRequest)
      return reply(res, 400, { error: { code: 'invalid', message: error.message } });
    throw error;
  }
}

/** A sender's edit; for a `ciphertext` placeholder it is the decryption, which the library also reports as an edit. */
function editMessage(phone: FakePhone, message: MessageDto, body: string): void {
  const previousBody = message.body;
  const decrypting = message.type === 'ciphertext';
  phone.world.update(message, { body, type: decrypting ? 'chat' : message.type, edited: !decrypting });
  phone.driver?.notify({ type: 'edit', message: { ...message }, newBody: body, previousBody });
}

/** "Delete for everyone": WhatsApp turns the message into type `revoked` with an empty body. */
function revokeMessage(phone: FakePhone, message: MessageDto): void {
  phone.world.update(message, { type: 'revoked', body: '' });
  phone.driver?.notify({
    type: 'revoke',
    chatId: message.chatId,
    protocolId: message.protocolId,
    fromMe: message.fromMe,
  });
}

type ParsedMessage = z.output<typeof schemas.message>;

/** A parsed POST /messages, or one the fake makes up itself (bulk loads: chat, text and time only). */
function toMessage(
  m: Omit<ParsedMessage, 'duplicate' | 'fromMe' | 'type'> & Partial<Pick<ParsedMessage, 'fromMe' | 'type'>>,
  world: FakeWorld,
): MessageDto {
  const protocolId = m.id ?? FakeWorld.newMessageId();
  const fromMe = m.fromMe ?? false;
  const isGroup = m.chatId.endsWith('@g.us');
  const sender = fromMe ? world.me.wid : isGroup ? (m.author ?? m.from ?? null) : (m.from ?? m.chatId);
  return {
    protocolId,
    fromMe,
    serializedId: `${fromMe}_${m.chatId}_${protocolId}${isGroup && sender ? `_${sender}` : ''}`,
    chatId: m.chatId,
    senderWid: sender,
    body: m.body,
    type: m.type ?? 'chat',
    timestamp: m.timestamp ?? Math.floor(Date.now() / 1000),
    ack: fromMe ? 1 : 0,
    hasMedia: false,
    isForwarded: false,
    isStatus: false,
    quotedProtocolId: m.quotedId ? (world.find(m.quotedId)?.protocolId ?? m.quotedId) : null,
    ...mediaOf(m, protocolId, world),
    // What the adapter hands over for a location: the place, and the body WhatsApp sends (a thumbnail).
    location: m.location
      ? {
          latitude: m.location.lat,
          longitude: m.location.lng,
          name: m.location.name ?? null,
          address: m.location.address ?? null,
        }
      : undefined,
  };
}

/**
 * What the adapter hands over for media, cards and polls: for media the caption as body, the metadata, and
 * the thumbnail WhatsApp sends for images, videos and stickers; the file stays on the phone until downloaded.
 */
function mediaOf(
  m: Parameters<typeof toMessage>[0],
  protocolId: string,
  world: FakeWorld,
): Partial<MessageDto> {
  if (m.media) {
    const filename = m.media.filename ?? null;
    const { size, filehash } = world.media.add(protocolId, {
      mimetype: m.media.mimetype,
      filename,
      data: m.media.data,
      size: m.media.size,
    });
    const previewed = m.type === 'image' || m.type === 'video' || m.type === 'sticker';
    return {
      body: m.caption ?? m.body,
      hasMedia: true,
      media: {
        mimetype: m.media.mimetype,
        size,
        filehash,
        filename,
        duration: m.media.duration ?? null,
        width: m.media.width ?? null,
        height: m.media.height ?? null,
        thumbnail: previewed ? FAKE_THUMBNAIL : null,
      },
    };
  }
  if (m.vcards) {
    const vcards = m.vcards.map(parseVcard);
    return {
      vcards,
      body: vcards
        .map((c) => c.name ?? c.numbers[0] ?? '')
        .filter(Boolean)
        .join(', '),
    };
  }
  if (m.poll) return { poll: m.poll, body: m.poll.name };
  return {};
}

/** Emits in chunks: as fast as possible (yielding to the event loop), or at `rate` messages per second. */
function emitPaced(messages: MessageDto[], rate: number | undefined, emit: (chunk: MessageDto[]) => void) {
  const chunk = rate ? Math.max(1, Math.round(rate / 20)) : 500;
  const gapMs = rate ? (chunk / rate) * 1000 : 0;
  let i = 0;
  const step = () => {
    emit(messages.slice(i, i + chunk));
    i += chunk;
    if (i < messages.length) setTimeout(step, gapMs);
  };
  step();
}
