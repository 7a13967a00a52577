import { and, eq, inArray, isNotNull, isNull, ne, or } from 'drizzle-orm';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../audit/actor';
import { recordAudit } from '../audit/record';
import type { Tx } from '../db';
import { experienceGroupBindings, tourOperators, whatsappChats } from '../db/schema';
import { parseInput } from '../errors/parse';
import { publish } from '../events/notify';
import { groupWarning } from './resolve-group';

export const syncBindingFlagsInput = z.array(z.number().int().positive()).max(5000);

export interface FlagSyncResult {
  flaggedBindingIds: number[];
  clearedBindingIds: number[];
  /** Operators whose default group is one of the broken chats (operators have no flag column; this is a report). */
  operatorsWithBrokenDefault: { operatorId: number; chatId: number; reason: string }[];
}

/**
 * Called by the worker after chats change (we left a group, were removed, it was deleted, we re-joined).
 * Flags the bindings whose chat can no longer receive messages and clears flags that are fixed, so the
 * dashboard warning appears and disappears with reality. Flag changes are audited as the system.
 */
export async function syncBindingFlags(db: Tx, chatIds: readonly number[]): Promise<FlagSyncResult> {
  const ids = [...new Set(parseInput(syncBindingFlagsInput, chatIds))];
  const result: FlagSyncResult = {
    flaggedBindingIds: [],
    clearedBindingIds: [],
    operatorsWithBrokenDefault: [],
  };
  if (ids.length === 0) return result;
  return db.transaction(async (tx) => {
    const chats = await tx.select().from(whatsappChats).where(inArray(whatsappChats.id, ids));
    for (const chat of chats) {
      const warning = groupWarning(chat);
      if (warning) {
        const flagged = await tx
          .update(experienceGroupBindings)
          .set({ flaggedAt: new Date(), flagReason: warning.message })
          .where(
            and(
              eq(experienceGroupBindings.chatId, chat.id),
              or(
                isNull(experienceGroupBindings.flaggedAt),
                ne(experienceGroupBindings.flagReason, warning.message),
              ),
            ),
          )
          .returning({ id: experienceGroupBindings.id, experienceId: experienceGroupBindings.experienceId });
        const operators = await tx
          .select({ id: tourOperators.id })
          .from(tourOperators)
          .where(eq(tourOperators.defaultGroupChatId, chat.id));
        for (const op of operators)
          result.operatorsWithBrokenDefault.push({
            operatorId: op.id,
            chatId: chat.id,
            reason: warning.message,
          });
        if (flagged.length === 0) continue;
        result.flaggedBindingIds.push(...flagged.map((b) => b.id));
        await recordAudit(tx, {
          actor: SYSTEM_ACTOR,
          action: 'binding.flagged',
          targetType: 'chat',
          targetId: chat.id,
          details: {
            reason: warning.code,
            message: warning.message,
            experienceIds: flagged.map((b) => b.experienceId),
          },
        });
      } else {
        const cleared = await tx
          .update(experienceGroupBindings)
          .set({ flaggedAt: null, flagReason: null })
          .where(
            and(eq(experienceGroupBindings.chatId, chat.id), isNotNull(experienceGroupBindings.flaggedAt)),
          )
          .returning({ id: experienceGroupBindings.id, experienceId: experienceGroupBindings.experienceId });
        if (cleared.length === 0) continue;
        result.clearedBindingIds.push(...cleared.map((b) => b.id));
        await recordAudit(tx, {
          actor: SYSTEM_ACTOR,
          action: 'binding.unflagged',
          targetType: 'chat',
          targetId: chat.id,
          details: { experienceIds: cleared.map((b) => b.experienceId) },
        });
      }
    }
    if (result.flaggedBindingIds.length > 0 || result.clearedBindingIds.length > 0)
      await publish(tx, { type: 'bindings' });
    return result;
  });
}
