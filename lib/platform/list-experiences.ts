import { and, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type GroupResolution, resolveExperienceGroups } from '../bindings/resolve-group';
import type { Tx } from '../db';
import { at, preparedOnce, preparedPerHandle } from '../db/prepared';
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

/** Flat columns (the prepared query maps them cheaply); `nest` gives the answer its organizer and operator. */
const columns = {
  id: experiences.id,
  externalId: experiences.externalId,
  title: experiences.title,
  status: experiences.status,
  createdAt: experiences.createdAt,
  updatedAt: experiences.updatedAt,
  organizerId: organizers.id,
  organizerExternalId: organizers.externalId,
  organizerName: organizers.name,
  operatorId: tourOperators.id,
  operatorName: tourOperators.name,
  operatorDefaultGroupChatId: tourOperators.defaultGroupChatId,
  titleKey,
};

type ExperienceRow = Awaited<ReturnType<ReturnType<typeof oneQuery>['execute']>>[number];

const nest = (row: ExperienceRow) => ({
  id: row.id,
  externalId: row.externalId,
  title: row.title,
  status: row.status,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  organizer: { id: row.organizerId, externalId: row.organizerExternalId, name: row.organizerName },
  // Left-joined: no operator leaves its columns null (the id is the primary key).
  operator:
    row.operatorId === null
      ? null
      : { id: row.operatorId, name: row.operatorName!, defaultGroupChatId: row.operatorDefaultGroupChatId },
});

interface ListShape {
  organizer: boolean;
  operator: boolean;
  status: boolean;
  search: boolean;
  cursor: boolean;
}

function select(db: Tx) {
  return db
    .select(columns)
    .from(experiences)
    .innerJoin(organizers, eq(organizers.id, experiences.organizerId))
    .leftJoin(tourOperators, eq(tourOperators.id, experiences.operatorId));
}

/** One prepared query per combination of filters (32 at most); values go in as placeholders. */
const listQuery = preparedPerHandle((db: Tx, shape: ListShape) => {
  const filters: (SQL | undefined)[] = [];
  if (shape.organizer) filters.push(eq(experiences.organizerId, at('organizerId')));
  if (shape.operator) filters.push(eq(experiences.operatorId, at('operatorId')));
  if (shape.status) filters.push(sql`${experiences.status} = ${at('status')}`);
  if (shape.search)
    filters.push(
      sql`(${experiences.title} ilike ${at('pattern')} or ${experiences.externalId} ilike ${at('pattern')} or ${organizers.name} ilike ${at('pattern')})`,
    );
  if (shape.cursor) filters.push(sql`(${titleKey}, ${experiences.id}) > (${at('k')}, ${at('id')})`);
  return select(db)
    .where(and(...filters))
    .orderBy(sql`${titleKey} asc`, sql`${experiences.id} asc`)
    .limit(at('limit'))
    .prepare('list_experiences');
});

const oneQuery = preparedOnce((db: Tx) =>
  select(db)
    .where(eq(experiences.id, at('id')))
    .prepare('get_experience'),
);

async function withGroups(db: Tx, rows: ExperienceRow[]) {
  const groups = await resolveExperienceGroups(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({ ...nest(row), group: presentGroup(groups.get(row.id)!) }));
}

/** Experiences alphabetically, each with its organizer, operator and effective WhatsApp group. */
export async function listExperiences(db: Tx, input: ListExperiencesInput = {}) {
  const { q, organizerId, operatorId, status, cursor, limit } = parseInput(listExperiencesInput, input);
  const after = cursor ? decodeCursor(cursor) : null;
  const shape: ListShape = {
    organizer: organizerId !== undefined,
    operator: operatorId !== undefined,
    status: status !== undefined,
    search: Boolean(q),
    cursor: after !== null,
  };
  const rows = await listQuery(db, shape).execute({
    organizerId,
    operatorId,
    status,
    pattern: q ? likePattern(q) : undefined,
    k: after ? (after.k ?? '') : undefined,
    id: after?.id,
    limit: limit + 1,
  });
  const page = toPage(
    rows,
    limit,
    (row) => row.titleKey,
    (row) => row,
  );
  return { items: await withGroups(db, page.items), nextCursor: page.nextCursor };
}

export async function getExperience(db: Tx, experienceId: number) {
  const id = parseInput(z.number().int().positive(), experienceId, 'Invalid experience id.');
  const rows = await oneQuery(db).execute({ id });
  if (!rows[0]) throw new NotFound(`No experience ${id}.`, { experienceId: id });
  return (await withGroups(db, rows))[0]!;
}
