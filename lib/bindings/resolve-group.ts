import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../db';
import { preparedOnce } from '../db/prepared';
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

/** A group chat's facts as flat columns (prefix `chat`), so the prepared loaders below map their rows cheaply. */
const chatColumns = {
  chatId: whatsappChats.id,
  chatSessionId: whatsappChats.sessionId,
  chatWaId: whatsappChats.waId,
  chatName: whatsappChats.name,
  chatIsGroup: whatsappChats.isGroup,
  chatWeAreMember: whatsappChats.weAreMember,
  chatDeletedAt: whatsappChats.deletedAt,
  chatSessionName: whatsappSessions.name,
};
/** A bindings row's chat columns (inner joins: none is null); an operator-default row has them only when found. */
type ChatColumns = Pick<
  Awaited<ReturnType<ReturnType<typeof bindingsOf>['execute']>>[number],
  keyof typeof chatColumns
>;

function chatOf(row: ChatColumns): GroupChatFacts {
  return {
    id: row.chatId,
    sessionId: row.chatSessionId,
    sessionName: row.chatSessionName,
    waId: row.chatWaId,
    name: row.chatName,
    isGroup: row.chatIsGroup,
    weAreMember: row.chatWeAreMember,
    deletedAt: row.chatDeletedAt,
  };
}

const ids = sql`${sql.placeholder('ids')}::bigint[]`;

/** Each experience with its operator's default group (null columns when it has none). */
const operatorDefaults = preparedOnce((db: Tx) =>
  db
    .select({ experienceId: experiences.id, ...chatColumns })
    .from(experiences)
    .leftJoin(tourOperators, eq(tourOperators.id, experiences.operatorId))
    .leftJoin(whatsappChats, eq(whatsappChats.id, tourOperators.defaultGroupChatId))
    .leftJoin(whatsappSessions, eq(whatsappSessions.id, whatsappChats.sessionId))
    .where(sql`${experiences.id} = any(${ids})`)
    .prepare('experience_operator_defaults'),
);

const bindingsOf = preparedOnce((db: Tx) =>
  db
    .select({
      id: experienceGroupBindings.id,
      experienceId: experienceGroupBindings.experienceId,
      isOverride: experienceGroupBindings.isOverride,
      flaggedAt: experienceGroupBindings.flaggedAt,
      flagReason: experienceGroupBindings.flagReason,
      ...chatColumns,
    })
    .from(experienceGroupBindings)
    .innerJoin(whatsappChats, eq(whatsappChats.id, experienceGroupBindings.chatId))
    .innerJoin(whatsappSessions, eq(whatsappSessions.id, whatsappChats.sessionId))
    .where(sql`${experienceGroupBindings.experienceId} = any(${ids})`)
    .prepare('experience_group_bindings'),
);

/** Batch loader for lists: two queries whatever the number of experiences. Unknown ids are absent. */
export async function resolveExperienceGroups(
  db: Tx,
  experienceIds: readonly number[],
): Promise<Map<number, GroupResolution>> {
  const result = new Map<number, GroupResolution>();
  if (experienceIds.length === 0) return result;
  const unique = [...new Set(experienceIds)];
  const defaults = await operatorDefaults(db).execute({ ids: unique });
  const bindings = await bindingsOf(db).execute({ ids: unique });
  // The unique index (experience_id, is_override) guarantees at most one of each kind per experience.
  const override = new Map<number, BindingFacts>();
  const inherited = new Map<number, BindingFacts>();
  for (const b of bindings) {
    const facts = { id: b.id, chat: chatOf(b), flaggedAt: b.flaggedAt, flagReason: b.flagReason };
    (b.isOverride ? override : inherited).set(b.experienceId, facts);
  }
  for (const row of defaults) {
    result.set(
      row.experienceId,
      resolveGroup({
        override: override.get(row.experienceId) ?? null,
        // A left join that found no group leaves every chat column null; the id is the primary key.
        operatorDefault: row.chatId === null ? null : chatOf(row as ChatColumns),
        inherited: inherited.get(row.experienceId) ?? null,
      }),
    );
  }
  return result;
}

export async function resolveExperienceGroup(db: Tx, experienceId: number): Promise<GroupResolution> {
  return (await resolveExperienceGroups(db, [experienceId])).get(experienceId) ?? NO_GROUP;
}
