import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { Tx } from '../db';
import { experienceGroupBindings, experiences, organizers } from '../db/schema';
import { NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import { publish } from '../events/notify';
import { ensureOrganizerOperator } from '../operators/ensure-organizer-operator';
import { type ExperienceInput, experienceInputSchema, externalIdSchema } from './schemas';

/**
 * Creates or updates an experience by the marketplace's id, in one transaction with what the original design
 * calls auto-creation: the organizer gets a system-created tour operator if it has none, the experience is
 * assigned to the organizer's operator, and when that operator has a default group it is recorded as the
 * experience's inherited (non-override) binding, which keeps routing there if the operator's default is cleared
 * later (lib/bindings/resolve-group.ts). Every step is an upsert, so repeating the call creates nothing twice.
 */
export async function upsertExperience(db: Tx, externalId: string, input: ExperienceInput) {
  const id = parseInput(externalIdSchema, externalId, 'Invalid external id.');
  const data = parseInput(experienceInputSchema, input, 'Invalid experience.');
  return db.transaction(async (tx) => {
    const [organizer] = await tx
      .select()
      .from(organizers)
      .where(eq(organizers.externalId, data.organizerExternalId));
    if (!organizer)
      throw new NotFound(`No organizer ${data.organizerExternalId}.`, {
        organizerExternalId: data.organizerExternalId,
      });
    const { operator, created: operatorCreated } = await ensureOrganizerOperator(tx, organizer);

    const [row] = await tx
      .insert(experiences)
      .values({
        externalId: id,
        organizerId: organizer.id,
        operatorId: operator.id,
        title: data.title,
        status: data.status,
      })
      .onConflictDoUpdate({
        target: experiences.externalId,
        set: {
          title: data.title,
          status: data.status,
          organizerId: organizer.id,
          // Keep an operator chosen for this experience unless the experience moved to another organizer.
          operatorId: sql`case when ${experiences.organizerId} = excluded.organizer_id
            then coalesce(${experiences.operatorId}, excluded.operator_id) else excluded.operator_id end`,
          updatedAt: new Date(),
        },
      })
      .returning({ ...getTableColumns(experiences), created: sql<boolean>`(xmax = 0)` });
    const { created, ...experience } = row!;

    let bindingCreated = false;
    if (operator.defaultGroupChatId !== null && experience.operatorId === operator.id) {
      const inserted = await tx
        .insert(experienceGroupBindings)
        .values({
          experienceId: experience.id,
          chatId: operator.defaultGroupChatId,
          isOverride: false,
          createdBy: 'system',
        })
        .onConflictDoNothing({
          target: [experienceGroupBindings.experienceId, experienceGroupBindings.isOverride],
        })
        .returning({ id: experienceGroupBindings.id });
      bindingCreated = inserted.length > 0;
      if (bindingCreated) await publish(tx, { type: 'bindings' });
    }
    return { experience, created, operator, operatorCreated, bindingCreated };
  });
}
