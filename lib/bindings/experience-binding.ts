import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../audit/actor';
import { actorLabel } from '../audit/actor';
import { recordAudit } from '../audit/record';
import type { Tx } from '../db';
import { experienceGroupBindings, experiences, tourOperators } from '../db/schema';
import { NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import { publish } from '../events/notify';
import { getExperience } from '../platform/list-experiences';
import { chatIdFrom } from '../whatsapp/lookups';
import { chatRef } from './chat-ref';
import { loadBindableGroup, sessionsOf } from './validate-group';

const id = z.number().int().positive();
export const bindExperienceGroupInput = z.object({ experienceId: id, ...chatRef });
export const experienceRefInput = z.object({ experienceId: id });

/** The experience row locked for the rest of the transaction, so two admins editing it do not interleave. */
async function lockExperience(tx: Tx, experienceId: number) {
  const [row] = await tx
    .select({
      id: experiences.id,
      title: experiences.title,
      defaultGroupChatId: tourOperators.defaultGroupChatId,
    })
    .from(experiences)
    .leftJoin(tourOperators, eq(tourOperators.id, experiences.operatorId))
    .where(eq(experiences.id, experienceId))
    .for('update', { of: experiences });
  if (!row) throw new NotFound(`No experience ${experienceId}.`, { experienceId });
  return row;
}

/**
 * Points an experience at a group of its own (an override), whatever its operator's default is. Returns the
 * experience as it reads afterwards, with its group resolved.
 */
export async function bindExperienceGroup(
  db: Tx,
  input: z.input<typeof bindExperienceGroupInput>,
  actor: Actor,
) {
  const { experienceId, chatId: ref, session } = parseInput(bindExperienceGroupInput, input);
  return db.transaction(async (tx) => {
    const experience = await lockExperience(tx, experienceId);
    const chatId = await chatIdFrom(tx, ref, session);
    const inherited = await tx
      .select({ chatId: experienceGroupBindings.chatId })
      .from(experienceGroupBindings)
      .where(
        and(
          eq(experienceGroupBindings.experienceId, experienceId),
          eq(experienceGroupBindings.isOverride, false),
        ),
      );
    const inPlay = await sessionsOf(tx, [experience.defaultGroupChatId, ...inherited.map((b) => b.chatId)]);
    const chat = await loadBindableGroup(tx, chatId, inPlay);
    const [previous] = await tx
      .select({ chatId: experienceGroupBindings.chatId })
      .from(experienceGroupBindings)
      .where(
        and(
          eq(experienceGroupBindings.experienceId, experienceId),
          eq(experienceGroupBindings.isOverride, true),
        ),
      );
    await tx
      .insert(experienceGroupBindings)
      .values({ experienceId, chatId, isOverride: true, createdBy: actorLabel(actor) })
      .onConflictDoUpdate({
        target: [experienceGroupBindings.experienceId, experienceGroupBindings.isOverride],
        set: {
          chatId,
          flaggedAt: null,
          flagReason: null,
          createdBy: actorLabel(actor),
          updatedAt: new Date(),
        },
      });
    await recordAudit(tx, {
      actor,
      action: 'binding.override',
      targetType: 'experience',
      targetId: experienceId,
      details: {
        experience: experience.title,
        chatId,
        chatName: chat.name,
        previousChatId: previous?.chatId ?? null,
      },
    });
    await publish(tx, { type: 'bindings' });
    return getExperience(tx, experienceId);
  });
}

/** Removes the experience's override so it follows its operator's default group again. */
export async function resetExperienceGroup(db: Tx, input: z.input<typeof experienceRefInput>, actor: Actor) {
  const { experienceId } = parseInput(experienceRefInput, input);
  return db.transaction(async (tx) => {
    const experience = await lockExperience(tx, experienceId);
    const removed = await tx
      .delete(experienceGroupBindings)
      .where(
        and(
          eq(experienceGroupBindings.experienceId, experienceId),
          eq(experienceGroupBindings.isOverride, true),
        ),
      )
      .returning({ chatId: experienceGroupBindings.chatId });
    if (removed.length > 0) {
      await recordAudit(tx, {
        actor,
        action: 'binding.reset',
        targetType: 'experience',
        targetId: experienceId,
        details: { experience: experience.title, removedChatId: removed[0]!.chatId },
      });
      await publish(tx, { type: 'bindings' });
    }
    return getExperience(tx, experienceId);
  });
}

/**
 * Removes every binding of the experience (override and inherited). The operator's default group, if any, still
 * applies afterwards: that is the hierarchy, and the returned resolution shows it.
 */
export async function unbindExperience(db: Tx, input: z.input<typeof experienceRefInput>, actor: Actor) {
  const { experienceId } = parseInput(experienceRefInput, input);
  return db.transaction(async (tx) => {
    const experience = await lockExperience(tx, experienceId);
    const removed = await tx
      .delete(experienceGroupBindings)
      .where(eq(experienceGroupBindings.experienceId, experienceId))
      .returning({ chatId: experienceGroupBindings.chatId, isOverride: experienceGroupBindings.isOverride });
    if (removed.length > 0) {
      await recordAudit(tx, {
        actor,
        action: 'binding.unbind',
        targetType: 'experience',
        targetId: experienceId,
        details: { experience: experience.title, removed },
      });
      await publish(tx, { type: 'bindings' });
    }
    return getExperience(tx, experienceId);
  });
}
