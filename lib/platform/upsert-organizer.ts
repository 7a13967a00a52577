import { getTableColumns, sql } from 'drizzle-orm';
import type { Tx } from '../db';
import { organizers } from '../db/schema';
import { parseInput } from '../errors/parse';
import { externalIdSchema, type OrganizerInput, organizerInputSchema } from './schemas';

/** Creates or updates an organizer by the marketplace's id. `created` tells the API whether to answer 201 or 200. */
export async function upsertOrganizer(db: Tx, externalId: string, input: OrganizerInput) {
  const id = parseInput(externalIdSchema, externalId, 'Invalid external id.');
  const data = parseInput(organizerInputSchema, input, 'Invalid organizer.');
  const [row] = await db
    .insert(organizers)
    .values({ externalId: id, ...data })
    .onConflictDoUpdate({ target: organizers.externalId, set: { ...data, updatedAt: new Date() } })
    // xmax = 0 only on a freshly inserted row version: the documented way to tell insert from update.
    .returning({ ...getTableColumns(organizers), created: sql<boolean>`(xmax = 0)` });
  const { created, ...organizer } = row!;
  return { organizer, created };
}
