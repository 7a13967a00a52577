import { and, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type GroupResolution, resolveExperienceGroups } from '../bindings/resolve-group';
import type { Tx } from '../db';
import { experienceStatus, experiences, organizers, tourOperators } from '../db/schema';
import { NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import { decodeCursor, likePattern, pageInput, toPage } from '../pagination/cursor';

export const listExperiencesInput = z.object({
  /** Matches the title, the external id, or the organizer's name. */
  q: z.string().trim().max(200).optional(),
  organizerId: z.number().int().positive().optional(),
  operatorId: z.number().int().positive().optional(),
  status: z.enum(experienceStatus.enumValues).optional(),
  ...pageInput,
});
export type ListExperiencesInput = z.input<typeof listExperiencesInput>;

const titleKey = sql<string>`lower(${experiences.title})`;

/** The effective group as the API and dashboard show it: THE resolution rule's answer, flattened. */
export function presentGroup(resolution: GroupResolution) {
  return {
    chatId: resolution.chat?.id ?? null,
    /** The WhatsApp number the group is in: groups (and so bindings) belong to one number. */
    session: resolution.chat?.sessionName ?? null,
    waId: resolution.chat?.waId ?? null,
    name: resolution.chat?.name ?? null,
    source: resolution.source,
    bindingId: resolution.bindingId,
    warning: resolution.warning,
  };
}

const columns = {
  id: experiences.id,
  externalId: experiences.externalId,
  title: experiences.title,
  status: experiences.status,
  createdAt: experiences.createdAt,
  updatedAt: experiences.updatedAt,
  organizer: { id: organizers.id, externalId: organizers.externalId, name: organizers.name },
  operator: {
    id: tourOperators.id,
    name: tourOperators.name,
    defaultGroupChatId: tourOperators.defaultGroupChatId,
  },
};

function query(db: Tx) {
  return db
    .select({ ...columns, titleKey })
    .from(experiences)
    .innerJoin(organizers, eq(organizers.id, experiences.organizerId))
    .leftJoin(tourOperators, eq(tourOperators.id, experiences.operatorId))
    .$dynamic();
}

async function withGroups<T extends { id: number }>(db: Tx, rows: T[]) {
  const groups = await resolveExperienceGroups(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({ ...row, group: presentGroup(groups.get(row.id)!) }));
}

/** Experiences alphabetically, each with its organizer, operator and effective WhatsApp group. */
export async function listExperiences(db: Tx, input: ListExperiencesInput = {}) {
  const { q, organizerId, operatorId, status, cursor, limit } = parseInput(listExperiencesInput, input);
  const filters: (SQL | undefined)[] = [];
  if (organizerId) filters.push(eq(experiences.organizerId, organizerId));
  if (operatorId) filters.push(eq(experiences.operatorId, operatorId));
  if (status) filters.push(eq(experiences.status, status));
  if (q) {
    const pattern = likePattern(q);
    filters.push(
      sql`(${experiences.title} ilike ${pattern} or ${experiences.externalId} ilike ${pattern} or ${organizers.name} ilike ${pattern})`,
    );
  }
  if (cursor) {
    const { k, id } = decodeCursor(cursor);
    filters.push(sql`(${titleKey}, ${experiences.id}) > (${k ?? ''}, ${id})`);
  }
  const rows = await query(db)
    .where(and(...filters))
    .orderBy(sql`${titleKey} asc`, sql`${experiences.id} asc`)
    .limit(limit + 1);
  const page = toPage(
    rows,
    limit,
    (row) => row.titleKey,
    ({ titleKey: _, ...row }) => row,
  );
  return { items: await withGroups(db, page.items), nextCursor: page.nextCursor };
}

export async function getExperience(db: Tx, experienceId: number) {
  const id = parseInput(z.number().int().positive(), experienceId, 'Invalid experience id.');
  const rows = await query(db).where(eq(experiences.id, id));
  if (!rows[0]) throw new NotFound(`No experience ${id}.`, { experienceId: id });
  const { titleKey: _, ...row } = rows[0];
  return (await withGroups(db, [row]))[0]!;
}
