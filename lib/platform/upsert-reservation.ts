import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { Tx } from '../db';
import { experiences, reservations } from '../db/schema';
import { NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import { type ReservationInput, reservationCodeSchema, reservationInputSchema } from './schemas';

/** Creates or updates a reservation by its code (normalized upper case); the experience is named by external id. */
export async function upsertReservation(db: Tx, code: string, input: ReservationInput) {
  const normalized = parseInput(reservationCodeSchema, code, 'Invalid reservation code.');
  const { experienceExternalId, ...data } = parseInput(reservationInputSchema, input, 'Invalid reservation.');
  const [experience] = await db
    .select({ id: experiences.id })
    .from(experiences)
    .where(eq(experiences.externalId, experienceExternalId));
  if (!experience) throw new NotFound(`No experience ${experienceExternalId}.`, { experienceExternalId });
  const { externalId, ...fields } = data;
  const values = {
    ...fields,
    experienceId: experience.id,
    // An update that does not mention the external id keeps the one already stored.
    ...(externalId !== undefined ? { externalId } : {}),
  };
  const [row] = await db
    .insert(reservations)
    .values({ code: normalized, ...values })
    .onConflictDoUpdate({ target: reservations.code, set: { ...values, updatedAt: new Date() } })
    .returning({ ...getTableColumns(reservations), created: sql<boolean>`(xmax = 0)` });
  const { created, ...reservation } = row!;
  return { reservation, created };
}
