import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import type { Tx } from '../db';
import { experienceGroupBindings, experiences, tourOperators } from '../db/schema';
import { NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import { publish } from '../events/notify';
import { getOperator } from '../operators/list-operators';
import { chatIdFrom } from '../whatsapp/lookups';
import { chatRef } from './chat-ref';
import { loadBindableGroup, sessionsOf } from './validate-group';

const id = z.number().int().positive();
export const setOperatorDefaultGroupInput = z.object({ operatorId: id, ...chatRef });
export const operatorRefInput = z.object({ operatorId: id });

async function lockOperator(tx: Tx, operatorId: number) {
  const [row] = await tx.select().from(tourOperators).where(eq(tourOperators.id, operatorId)).for('update');
  if (!row) throw new NotFound(`No operator ${operatorId}.`, { operatorId });
  return row;
}

/**
 * How many of the operator's experiences follow its default group (no override of their own) — the number the
 * dashboard shows before an admin changes or clears the default.
 */
export async function countExperiencesAffectedByOperatorDefault(db: Tx, operatorId: number) {
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      overridden: sql<number>`count(${experienceGroupBindings.id})::int`,
    })
    .from(experiences)
    .leftJoin(
      experienceGroupBindings,
      and(
        eq(experienceGroupBindings.experienceId, experiences.id),
        eq(experienceGroupBindings.isOverride, true),
      ),
    )
    .where(eq(experiences.operatorId, operatorId));
  const total = row?.total ?? 0;
  const overridden = row?.overridden ?? 0;
  return { total, overridden, affected: total - overridden };
}

/** The chats of the overrides of this operator's experiences: a new default must live on the same number. */
async function overrideChatsOf(tx: Tx, operatorId: number) {
  const rows = await tx
    .select({ chatId: experienceGroupBindings.chatId })
    .from(experienceGroupBindings)
    .innerJoin(experiences, eq(experiences.id, experienceGroupBindings.experienceId))
    .where(and(eq(experiences.operatorId, operatorId), eq(experienceGroupBindings.isOverride, true)));
  return rows.map((r) => r.chatId);
}

/** Sets the operator's default group; returns the operator as it reads afterwards. */
export async function setOperatorDefaultGroup(
  db: Tx,
  input: z.input<typeof setOperatorDefaultGroupInput>,
  actor: Actor,
) {
  const { operatorId, chatId: ref, session } = parseInput(setOperatorDefaultGroupInput, input);
  return db.transaction(async (tx) => {
    const operator = await lockOperator(tx, operatorId);
    const chatId = await chatIdFrom(tx, ref, session);
    const chat = await loadBindableGroup(
      tx,
      chatId,
      await sessionsOf(tx, await overrideChatsOf(tx, operatorId)),
    );
    await tx
      .update(tourOperators)
      .set({ defaultGroupChatId: chatId })
      .where(eq(tourOperators.id, operatorId));
    await recordAudit(tx, {
      actor,
      action: 'operator.default_group.set',
      targetType: 'operator',
      targetId: operatorId,
      details: {
        operator: operator.name,
        chatId,
        chatName: chat.name,
        previousChatId: operator.defaultGroupChatId,
        ...(await countExperiencesAffectedByOperatorDefault(tx, operatorId)),
      },
    });
    await publish(tx, { type: 'bindings' });
    return getOperator(tx, operatorId);
  });
}

/** Clears the operator's default group; returns the operator as it reads afterwards. */
export async function clearOperatorDefaultGroup(
  db: Tx,
  input: z.input<typeof operatorRefInput>,
  actor: Actor,
) {
  const { operatorId } = parseInput(operatorRefInput, input);
  return db.transaction(async (tx) => {
    const operator = await lockOperator(tx, operatorId);
    if (operator.defaultGroupChatId === null) return getOperator(tx, operatorId);
    await tx.update(tourOperators).set({ defaultGroupChatId: null }).where(eq(tourOperators.id, operatorId));
    await recordAudit(tx, {
      actor,
      action: 'operator.default_group.clear',
      targetType: 'operator',
      targetId: operatorId,
      details: {
        operator: operator.name,
        previousChatId: operator.defaultGroupChatId,
        ...(await countExperiencesAffectedByOperatorDefault(tx, operatorId)),
      },
    });
    await publish(tx, { type: 'bindings' });
    return getOperator(tx, operatorId);
  });
}
