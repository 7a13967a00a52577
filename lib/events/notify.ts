import { sql as drizzleSql } from 'drizzle-orm';
import { z } from 'zod';
import type { Sql, SqlTx, Tx } from '../db';
import { WEBHOOK_EVENTS } from '../db/schema';

/**
 * LISTEN/NOTIFY channels: the only push channel between web app and worker. Payloads are small pointers
 * (ids), never message bodies: readers fetch rows. NOTIFY inside a transaction is delivered on commit, so a
 * listener never hears about rows it cannot see yet.
 */
export const CHANNELS = {
  /** Worker wake-up: a command for a session was enqueued. */
  commands: 'tuki_commands',
  /** Dashboard live updates: LiveEvents, forwarded to browsers over SSE. */
  events: 'tuki_events',
  /** Worker wake-up: a webhook delivery is due now. */
  webhooks: 'tuki_webhooks',
  /** Access taken away (key revoked, user demoted or disabled): every auth cache forgets it (lib/auth/auth-cache.ts). */
  auth: 'tuki_auth',
  /** Worker pool wake-up: a number was added, started, stopped or deleted (workers re-read the pool now). */
  pool: 'tuki_pool',
} as const;
export type Channel = keyof typeof CHANNELS;

export const liveEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session'), sessionId: z.number() }),
  z.object({ type: z.literal('chats'), sessionId: z.number(), chatIds: z.array(z.number()).max(200) }),
  z.object({ type: z.literal('messages'), sessionId: z.number(), chatIds: z.array(z.number()).max(200) }),
  z.object({ type: z.literal('command'), sessionId: z.number(), commandId: z.number() }),
  z.object({ type: z.literal('request'), requestId: z.number() }),
  z.object({ type: z.literal('bindings') }),
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;

const commandQueuedSchema = z.object({ type: z.literal('command_queued'), sessionId: z.number() });
const webhookQueuedSchema = z.object({ type: z.literal('webhook_queued'), event: z.enum(WEBHOOK_EVENTS) });
const authChangeSchema = z.object({
  type: z.literal('auth_changed'),
  kind: z.enum(['api_key', 'user']),
  id: z.number().int().positive(),
});
export type AuthChange = z.infer<typeof authChangeSchema>;
const poolChangeSchema = z.object({ type: z.literal('pool_changed'), sessionId: z.number() });

interface ChannelNotices {
  commands: z.infer<typeof commandQueuedSchema>;
  events: LiveEvent;
  webhooks: z.infer<typeof webhookQueuedSchema>;
  auth: AuthChange;
  pool: z.infer<typeof poolChangeSchema>;
}
export type Notice<C extends Channel = Channel> = ChannelNotices[C];

/** What each channel carries; a listener parses with it, so a stray or malformed payload is dropped. */
const NOTICE_SCHEMAS: { [C in Channel]: z.ZodType<ChannelNotices[C]> } = {
  commands: commandQueuedSchema,
  events: liveEventSchema,
  webhooks: webhookQueuedSchema,
  auth: authChangeSchema,
  pool: poolChangeSchema,
};

function channelOf(notice: Notice): Channel {
  if (notice.type === 'command_queued') return 'commands';
  if (notice.type === 'webhook_queued') return 'webhooks';
  if (notice.type === 'auth_changed') return 'auth';
  if (notice.type === 'pool_changed') return 'pool';
  return 'events';
}

/**
 * Announces a change on the channel its type belongs to — the one way any code NOTIFYs. Takes a drizzle
 * handle or a postgres.js one (the worker's hot paths), in or out of a transaction.
 */
export async function publish(db: Tx | Sql | SqlTx, notice: Notice): Promise<void> {
  const channel = CHANNELS[channelOf(notice)];
  const payload = JSON.stringify(notice);
  // postgres.js handles are tagged-template functions; drizzle's are objects with execute().
  if (typeof db === 'function') await db`select pg_notify(${channel}, ${payload})`;
  else await db.execute(drizzleSql`select pg_notify(${channel}, ${payload})`);
}

/**
 * LISTENs on one channel and hands over its parsed notices; what does not parse is not ours and is skipped.
 * `onListen` runs each time the LISTEN is (re)established: notices sent while it was down are lost.
 */
export function listen<C extends Channel>(
  sql: Sql,
  channel: C,
  onNotice: (notice: Notice<C>) => void,
  onListen?: () => void,
) {
  const schema = NOTICE_SCHEMAS[channel];
  return sql.listen(
    CHANNELS[channel],
    (payload) => {
      let notice: Notice<C>;
      try {
        notice = schema.parse(JSON.parse(payload));
      } catch {
        return;
      }
      onNotice(notice);
    },
    onListen,
  );
}
