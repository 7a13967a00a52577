import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db';
import { whatsappCommands } from '../db/schema';
import { NotFound } from '../errors';
import { parseInput } from '../errors/parse';

/** What a client polls after a 202: the command's status, progress and outcome. */
export async function getCommand(db: Tx, commandId: number) {
  const id = parseInput(z.number().int().positive(), commandId, 'Invalid command id.');
  const [row] = await db
    .select({
      id: whatsappCommands.id,
      sessionId: whatsappCommands.sessionId,
      kind: whatsappCommands.kind,
      status: whatsappCommands.status,
      payload: whatsappCommands.payload,
      attempts: whatsappCommands.attempts,
      idempotencyKey: whatsappCommands.idempotencyKey,
      progress: whatsappCommands.progress,
      result: whatsappCommands.result,
      error: whatsappCommands.error,
      createdBy: whatsappCommands.createdBy,
      runAfter: whatsappCommands.runAfter,
      createdAt: whatsappCommands.createdAt,
      updatedAt: whatsappCommands.updatedAt,
      finishedAt: whatsappCommands.finishedAt,
    })
    .from(whatsappCommands)
    .where(eq(whatsappCommands.id, id));
  if (!row) throw new NotFound(`No command ${id}.`, { commandId: id });
  return row;
}
