import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db';
import { type organizers, tourOperators } from '../db/schema';

type Organizer = typeof organizers.$inferSelect;

/**
 * The tour operator that receives an organizer's notifications, created (is_system_created = true) the first
 * time the organizer has none. Two experiences created at the same instant both land here: the partial unique
 * index tour_operators_one_system_per_organizer_uq lets exactly one insert win, the other does nothing and
 * reads the winner's row, so an organizer never gets two system operators.
 */
export async function ensureOrganizerOperator(tx: Tx, organizer: Organizer) {
  const existing = await findOperator(tx, organizer.id);
  if (existing) return { operator: existing, created: false };
  const [inserted] = await tx
    .insert(tourOperators)
    .values({
      organizerId: organizer.id,
      name: organizer.name,
      email: organizer.email,
      phone: organizer.phone,
      isSystemCreated: true,
    })
    .onConflictDoNothing({ target: tourOperators.organizerId, where: sql.raw('is_system_created') })
    .returning();
  if (inserted) return { operator: inserted, created: true };
  const winner = await findOperator(tx, organizer.id);
  if (!winner) throw new Error(`operator of organizer ${organizer.id} vanished after a conflicting insert`);
  return { operator: winner, created: false };
}

/** An organizer can have several operators (legacy ones linked by migrate-operators): the oldest active one wins. */
async function findOperator(tx: Tx, organizerId: number) {
  const [row] = await tx
    .select()
    .from(tourOperators)
    .where(eq(tourOperators.organizerId, organizerId))
    .orderBy(desc(tourOperators.active), asc(tourOperators.id))
    .limit(1);
  return row ?? null;
}
