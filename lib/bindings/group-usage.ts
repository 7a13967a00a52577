import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db';
import { experienceGroupBindings, experiences, tourOperators } from '../db/schema';

export interface GroupUsage {
  experiences: { id: number; title: string; isOverride: boolean }[];
  operators: { id: number; name: string }[];
}

/**
 * Who routes notifications to each of these groups: experiences bound to it (override or inherited binding) and
 * operators using it as their default. Two indexed queries for a whole page of groups.
 */
export async function groupUsage(db: Tx, chatIds: number[]): Promise<Map<number, GroupUsage>> {
  const usage = new Map<number, GroupUsage>(chatIds.map((id) => [id, { experiences: [], operators: [] }]));
  if (chatIds.length === 0) return usage;
  const bound = await db
    .select({
      chatId: experienceGroupBindings.chatId,
      id: experiences.id,
      title: experiences.title,
      isOverride: experienceGroupBindings.isOverride,
    })
    .from(experienceGroupBindings)
    .innerJoin(experiences, eq(experiences.id, experienceGroupBindings.experienceId))
    .where(inArray(experienceGroupBindings.chatId, chatIds));
  for (const row of bound)
    usage.get(row.chatId)?.experiences.push({ id: row.id, title: row.title, isOverride: row.isOverride });
  const operators = await db
    .select({ chatId: tourOperators.defaultGroupChatId, id: tourOperators.id, name: tourOperators.name })
    .from(tourOperators)
    .where(inArray(tourOperators.defaultGroupChatId, chatIds));
  for (const row of operators)
    if (row.chatId !== null) usage.get(row.chatId)?.operators.push({ id: row.id, name: row.name });
  return usage;
}

/** A page of groups, each with who routes notifications to it: what the Grupos screen lists. */
export async function withGroupUsage<G extends { id: number }>(
  db: Tx,
  page: { items: G[]; nextCursor: string | null },
): Promise<{ items: (G & { usedBy: GroupUsage })[]; nextCursor: string | null }> {
  const usage = await groupUsage(
    db,
    page.items.map((g) => g.id),
  );
  return { ...page, items: page.items.map((g) => ({ ...g, usedBy: usage.get(g.id)! })) };
}
