import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db';
import {
  experienceGroupBindings,
  experiences,
  tourOperators,
  whatsappChats,
  whatsappSessions,
} from '../db/schema';
import { chatLabel } from '../reservations/trace-labels';
import type { GroupSource } from './group-source';

/**
 * THE group-resolution rule. Every reader (dashboard, API, notifications) calls this; nothing else decides
 * which group an experience uses. Priority:
 *   1. a binding with is_override = true            → source `override`
 *   2. the default group of the experience's operator → source `operator_default`
 *   3. the inherited binding (is_override = false)   → source `binding`
 *   4. nothing                                        → source `none`
 *
 * The inherited binding is the operator's default group as it was when the experience was created
 * (upsertExperience records it). It only decides once the operator has no default any more: an experience
 * keeps notifying the group it started with instead of falling to `none`.
 *
 * A group that is flagged, that we left, or that was deleted is STILL the answer, with a `warning`. Routing
 * must not silently fall through to the next candidate: a notification would land in a group the admin did
 * not choose. The notifier refuses to send to a warned group and marks the request instead, and the
 * dashboard shows the warning so a person fixes the binding.
 */

export interface GroupChatFacts {
  id: number;
  sessionId: number;
  /** The WhatsApp number the group belongs to (a binding names its number). */
  sessionName?: string | null;
  waId: string;
  name: string | null;
  isGroup: boolean;
  weAreMember: boolean;
  deletedAt: Date | null;
}

export interface BindingFacts {
  id: number;
  chat: GroupChatFacts;
  flaggedAt: Date | null;
  flagReason: string | null;
}

export interface ExperienceGroupFacts {
  override: BindingFacts | null;
  operatorDefault: GroupChatFacts | null;
  /** The binding with is_override = false: the operator's default group copied at creation. */
  inherited: BindingFacts | null;
}

export type GroupWarning =
  | { code: 'chat_deleted'; message: string }
  | { code: 'not_member'; message: string }
  | { code: 'flagged'; message: string };

export interface GroupResolution {
  chat: GroupChatFacts | null;
  source: GroupSource;
  /** The binding row that decided, when the source is a binding (so the dashboard can edit it). */
  bindingId: number | null;
  warning: GroupWarning | null;
}

export const NO_GROUP: GroupResolution = { chat: null, source: 'none', bindingId: null, warning: null };

/** Why a group cannot receive messages right now, or null when it can. */
export function groupWarning(
  chat: GroupChatFacts,
  flag?: { flaggedAt: Date | null; flagReason: string | null },
) {
  const label = chatLabel(chat);
  if (chat.deletedAt) return { code: 'chat_deleted', message: `El grupo ${label} fue eliminado.` } as const;
  if (!chat.weAreMember)
    return { code: 'not_member', message: `Nuestro número ya no participa en el grupo ${label}.` } as const;
  if (flag?.flaggedAt)
    return { code: 'flagged', message: flag.flagReason ?? `El grupo ${label} está marcado.` } as const;
  return null;
}

/** Pure: the hierarchy over already-loaded facts. */
export function resolveGroup(facts: ExperienceGroupFacts): GroupResolution {
  if (facts.override)
    return {
      chat: facts.override.chat,
      source: 'override',
      bindingId: facts.override.id,
      warning: groupWarning(facts.override.chat, facts.override),
    };
  if (facts.operatorDefault)
    return {
      chat: facts.operatorDefault,
      source: 'operator_default',
      bindingId: null,
      warning: groupWarning(facts.operatorDefault),
    };
  if (facts.inherited)
    return {
      chat: facts.inherited.chat,
      source: 'binding',
      bindingId: facts.inherited.id,
      warning: groupWarning(facts.inherited.chat, facts.inherited),
    };
  return NO_GROUP;
}

const chatColumns = {
  id: whatsappChats.id,
  sessionId: whatsappChats.sessionId,
  waId: whatsappChats.waId,
  name: whatsappChats.name,
  isGroup: whatsappChats.isGroup,
  weAreMember: whatsappChats.weAreMember,
  deletedAt: whatsappChats.deletedAt,
};

/** Batch loader for lists: two queries whatever the number of experiences. Unknown ids are absent. */
export async function resolveExperienceGroups(
  db: Tx,
  experienceIds: readonly number[],
): Promise<Map<number, GroupResolution>> {
  const result = new Map<number, GroupResolution>();
  if (experienceIds.length === 0) return result;
  const ids = [...new Set(experienceIds)];
  const defaults = await db
    .select({ experienceId: experiences.id, chat: chatColumns, sessionName: whatsappSessions.name })
    .from(experiences)
    .leftJoin(tourOperators, eq(tourOperators.id, experiences.operatorId))
    .leftJoin(whatsappChats, eq(whatsappChats.id, tourOperators.defaultGroupChatId))
    .leftJoin(whatsappSessions, eq(whatsappSessions.id, whatsappChats.sessionId))
    .where(inArray(experiences.id, ids));
  const bindings = await db
    .select({
      id: experienceGroupBindings.id,
      experienceId: experienceGroupBindings.experienceId,
      isOverride: experienceGroupBindings.isOverride,
      flaggedAt: experienceGroupBindings.flaggedAt,
      flagReason: experienceGroupBindings.flagReason,
      chat: chatColumns,
      sessionName: whatsappSessions.name,
    })
    .from(experienceGroupBindings)
    .innerJoin(whatsappChats, eq(whatsappChats.id, experienceGroupBindings.chatId))
    .innerJoin(whatsappSessions, eq(whatsappSessions.id, whatsappChats.sessionId))
    .where(inArray(experienceGroupBindings.experienceId, ids));
  // The unique index (experience_id, is_override) guarantees at most one of each kind per experience.
  const named = bindings.map((b) => ({ ...b, chat: { ...b.chat, sessionName: b.sessionName } }));
  const override = new Map(named.filter((b) => b.isOverride).map((b) => [b.experienceId, b]));
  const inherited = new Map(named.filter((b) => !b.isOverride).map((b) => [b.experienceId, b]));
  for (const row of defaults) {
    result.set(
      row.experienceId,
      resolveGroup({
        override: override.get(row.experienceId) ?? null,
        operatorDefault: row.chat ? { ...row.chat, sessionName: row.sessionName } : null,
        inherited: inherited.get(row.experienceId) ?? null,
      }),
    );
  }
  return result;
}

export async function resolveExperienceGroup(db: Tx, experienceId: number): Promise<GroupResolution> {
  return (await resolveExperienceGroups(db, [experienceId])).get(experienceId) ?? NO_GROUP;
}
