import { and, eq, ne } from 'drizzle-orm';
import { enqueueCommand } from '../../commands/enqueue';
import type { Tx } from '../../db';
import { whatsappCommands } from '../../db/schema';

/** Queues one notification attempt; the command's columns say which request and attempt it is. */
export async function enqueueNotification(
  tx: Tx,
  target: { sessionId: number; requestId: number; attempt: number; chatId: string; body: string },
) {
  const { sessionId, requestId, attempt, chatId, body } = target;
  const { command } = await enqueueCommand(tx, {
    sessionId,
    kind: 'send_message',
    payload: { chatId, body },
    purpose: { type: 'reservation_request', requestId, attempt },
    // Unique per attempt, so a retried transaction never queues the same attempt twice.
    idempotencyKey: `request:${requestId}:notify:${attempt}`,
    createdBy: 'system',
  });
  return command;
}

/** A queued send that never started is withdrawn, so a superseded notification is not delivered later. */
export async function cancelPendingNotifications(tx: Tx, requestId: number, exceptCommandId?: number) {
  await tx
    .update(whatsappCommands)
    .set({ status: 'cancelled', finishedAt: new Date(), error: 'reemplazado por otro intento de aviso' })
    .where(
      and(
        eq(whatsappCommands.requestId, requestId),
        eq(whatsappCommands.purpose, 'reservation_request'),
        eq(whatsappCommands.status, 'pending'),
        exceptCommandId === undefined ? undefined : ne(whatsappCommands.id, exceptCommandId),
      ),
    );
}
