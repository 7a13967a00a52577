import { and, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { groupWarning } from '../bindings/resolve-group';
import type { Tx } from '../db';
import { organizers, tourOperators, whatsappChats } from '../db/schema';
import { NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import { decodeCursor, likePattern, pageInput, toPage } from '../pagination/cursor';

export const listOperatorsInput = z.object({
  /** Matches the operator's name, email or phone, or its organizer's name. */
  q: z.string().trim().max(200).optional(),
  organizerId: z.number().int().positive().optional(),
  active: z.boolean().optional(),
  ...pageInput,
});
export type ListOperatorsInput = z.input<typeof listOperatorsInput>;

const nameKey = sql<string>`lower(${tourOperators.name})`;

/** Experiences of the operator, and how many of them have an override (so do not follow its default group). */
const experienceCount = sql<number>`(select count(*)::int from experiences e where e.operator_id = ${tourOperators.id})`;
const overriddenCount = sql<number>`(select count(*)::int from experiences e
  join experience_group_bindings b on b.experience_id = e.id and b.is_override
  where e.operator_id = ${tourOperators.id})`;

const columns = {
  id: tourOperators.id,
  name: tourOperators.name,
  email: tourOperators.email,
  phone: tourOperators.phone,
  isSystemCreated: tourOperators.isSystemCreated,
  active: tourOperators.active,
  createdAt: tourOperators.createdAt,
  updatedAt: tourOperators.updatedAt,
  organizer: { id: organizers.id, externalId: organizers.externalId, name: organizers.name },
  defaultGroup: {
    id: whatsappChats.id,
    sessionId: whatsappChats.sessionId,
    waId: whatsappChats.waId,
    name: whatsappChats.name,
    isGroup: whatsappChats.isGroup,
    weAreMember: whatsappChats.weAreMember,
    deletedAt: whatsappChats.deletedAt,
  },
  experienceCount,
  overriddenCount,
};

function query(db: Tx) {
  return db
    .select({ ...columns, nameKey })
    .from(tourOperators)
    .leftJoin(organizers, eq(organizers.id, tourOperators.organizerId))
    .leftJoin(whatsappChats, eq(whatsappChats.id, tourOperators.defaultGroupChatId))
    .$dynamic();
}

type Row = Awaited<ReturnType<ReturnType<typeof query>['execute']>>[number];

function present({ nameKey: _, defaultGroup, ...row }: Row) {
  return {
    ...row,
    defaultGroup: defaultGroup
      ? {
          chatId: defaultGroup.id,
          waId: defaultGroup.waId,
          name: defaultGroup.name,
          warning: groupWarning(defaultGroup),
        }
      : null,
    /** Experiences that follow the default group (no override): what changing the default affects. */
    followingDefaultCount: row.experienceCount - row.overriddenCount,
  };
}

/** Operators alphabetically, each with its organizer, default group (and its health) and experience counts. */
export async function listOperators(db: Tx, input: ListOperatorsInput = {}) {
  const { q, organizerId, active, cursor, limit } = parseInput(listOperatorsInput, input);
  const filters: (SQL | undefined)[] = [];
  if (organizerId) filters.push(eq(tourOperators.organizerId, organizerId));
  if (active !== undefined) filters.push(eq(tourOperators.active, active));
  if (q) {
    const p = likePattern(q);
    filters.push(
      sql`(${tourOperators.name} ilike ${p} or ${tourOperators.email} ilike ${p} or ${tourOperators.phone} ilike ${p} or ${organizers.name} ilike ${p})`,
    );
  }
  if (cursor) {
    const { k, id } = decodeCursor(cursor);
    filters.push(sql`(${nameKey}, ${tourOperators.id}) > (${k ?? ''}, ${id})`);
  }
  const rows = await query(db)
    .where(and(...filters))
    .orderBy(sql`${nameKey} asc`, sql`${tourOperators.id} asc`)
    .limit(limit + 1);
  return toPage(rows, limit, (row) => row.nameKey, present);
}

export async function getOperator(db: Tx, operatorId: number) {
  const id = parseInput(z.number().int().positive(), operatorId, 'Invalid operator id.');
  const [row] = await query(db).where(eq(tourOperators.id, id));
  if (!row) throw new NotFound(`No operator ${id}.`, { operatorId: id });
  return present(row);
}
