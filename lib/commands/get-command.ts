import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db';
import { whatsappCommands } from '../db/schema';
import { NotFound } from '../errors';
import { parseInput } from '../errors/parse';

/**
 * Invite links let anyone join the group: a command's result is readable with `read` access, so the link is
 * only in it for callers who may also create one (`write`), the same rule as the QR and pairing codes.
 */
const CREDENTIAL_RESULT_FIELDS = ['inviteCode', 'inviteLink'] as const;

/** What a client polls after a 202: the command's status, progress and outcome. */
export async function getCommand(
  db: Tx,
  commandId: number,
  { revealCredentials }: { revealCredentials: boolean },
) {
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
  const result = row.result as Record<string, unknown> | null;
  if (revealCredentials || !result || !CREDENTIAL_RESULT_FIELDS.some((f) => f in result)) return row;
  const hidden = Object.fromEntries(
    CREDENTIAL_RESULT_FIELDS.filter((f) => f in result).map((f) => [f, null]),
  );
  return { ...row, result: { ...result, ...hidden, credentialsHidden: true } };
}
