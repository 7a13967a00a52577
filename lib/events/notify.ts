import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db';

/**
 * LISTEN/NOTIFY channels: the only push channel between web app and worker. Payloads are small pointers
 * (ids), never message bodies: readers fetch rows. NOTIFY inside a transaction is delivered on commit, so a
 * listener never hears about rows it cannot see yet.
 */
export const CHANNELS = {
  /** Worker wake-up: a command for this session was enqueued. Payload: session id. */
  commands: 'tuki_commands',
  /** Dashboard live updates. Payload: a LiveEvent. */
  events: 'tuki_events',
} as const;

export const liveEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session'), sessionId: z.number() }),
  z.object({ type: z.literal('chats'), sessionId: z.number(), chatIds: z.array(z.number()).max(200) }),
  z.object({ type: z.literal('messages'), sessionId: z.number(), chatIds: z.array(z.number()).max(200) }),
  z.object({ type: z.literal('command'), sessionId: z.number(), commandId: z.number() }),
  z.object({ type: z.literal('request'), requestId: z.number() }),
  z.object({ type: z.literal('bindings') }),
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;

export async function publish(db: Tx, event: LiveEvent): Promise<void> {
  await db.execute(sql`select pg_notify(${CHANNELS.events}, ${JSON.stringify(event)})`);
}

export async function wakeWorker(db: Tx, sessionId: number): Promise<void> {
  await db.execute(sql`select pg_notify(${CHANNELS.commands}, ${String(sessionId)})`);
}
