import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../audit/actor';
import { actorLabel } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { enqueueCommand } from '../commands/enqueue';
import type { Tx } from '../db';
import { tourOperators, whatsappChats } from '../db/schema';
import { Conflict, Invalid, NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import { phoneToChatId } from '../operators/operator-chat';
import { type GroupOpPayload, PARTICIPANT_ACTIONS } from './group-op-payload';

/**
 * Group administration through the outbox (command kind `group_op`): the worker calls WhatsApp, refreshes the
 * group's row from what WhatsApp then says, and the command's result is what the dashboard shows live.
 */

/** A group's name for an operator: the template's `{operator}` replaced (WhatsApp allows 100 characters). */
export const DEFAULT_GROUP_NAME_TEMPLATE = 'Reservas {operator} · Tuki';

export function groupNameFor(template: string, operatorName: string): string {
  return template.replaceAll('{operator}', operatorName).slice(0, 100);
}

/** Phone numbers as people type them → WhatsApp ids; a number that is not one is a field error. */
function widsOf(phones: string[]): string[] {
  return phones.map((phone) => {
    if (/@(c\.us|lid)$/.test(phone)) return phone;
    const id = phoneToChatId(phone);
    if (!id) throw new Invalid(`${phone.slice(0, 40)} is not a phone number.`, { phone: phone.slice(0, 40) });
    return id;
  });
}

export const createOperatorGroupInput = z.object({
  operatorId: z.number().int().positive(),
  sessionId: z.number().int().positive(),
  /** Colleagues to add beside the operator: phone numbers or WhatsApp ids. */
  colleagues: z.array(z.string().trim().min(3).max(40)).max(50).default([]),
  name: z.string().trim().min(1).max(100).optional(),
});

/**
 * Queues the creation of a WhatsApp group for an operator (our number creates it, so it is admin), with the
 * operator's phone and the chosen colleagues, named from the template; the worker makes it the operator's
 * default group as soon as WhatsApp has created it.
 */
export async function createOperatorGroup(
  db: Tx,
  input: z.input<typeof createOperatorGroupInput>,
  actor: Actor,
) {
  const { operatorId, sessionId, colleagues, name } = parseInput(createOperatorGroupInput, input);
  return db.transaction(async (tx) => {
    const [operator] = await tx.select().from(tourOperators).where(eq(tourOperators.id, operatorId));
    if (!operator) throw new NotFound(`No operator ${operatorId}.`, { operatorId });
    const own = phoneToChatId(operator.phone);
    if (!own)
      throw new Conflict(`Operator ${operator.name} has no phone number to add to a group.`, { operatorId });
    const participants = [...new Set([own, ...widsOf(colleagues)])];
    const payload = {
      op: 'create' as const,
      name: name ?? groupNameFor(DEFAULT_GROUP_NAME_TEMPLATE, operator.name),
      participants,
      operatorId,
    };
    const queued = await enqueueCommand(tx, {
      sessionId,
      kind: 'group_op',
      payload,
      createdBy: actorLabel(actor),
    });
    await recordAudit(tx, {
      actor,
      action: 'group.create',
      targetType: 'operator',
      targetId: operatorId,
      details: { name: payload.name, participants, commandId: queued.command.id },
    });
    return queued;
  });
}

export const groupActionInput = z.discriminatedUnion('op', [
  z.object({ op: z.literal('invite_code'), chatId: z.number().int().positive() }),
  z.object({ op: z.literal('revoke_invite'), chatId: z.number().int().positive() }),
  z.object({
    op: z.enum(PARTICIPANT_ACTIONS),
    chatId: z.number().int().positive(),
    participants: z.array(z.string().trim().min(3).max(40)).min(1).max(256),
  }),
  z.object({
    op: z.literal('rename'),
    chatId: z.number().int().positive(),
    name: z.string().trim().min(1).max(100),
  }),
  z.object({
    op: z.literal('describe'),
    chatId: z.number().int().positive(),
    description: z.string().max(2048),
  }),
]);
export type GroupActionInput = z.input<typeof groupActionInput>;

/**
 * Queues one change to an existing group. WhatsApp only lets admins do these (and, by default, only admins
 * see the invite link): when our number is not an admin this says so instead of queueing a command that
 * would fail.
 */
export async function queueGroupAction(db: Tx, input: GroupActionInput, actor: Actor) {
  const action = parseInput(groupActionInput, input);
  return db.transaction(async (tx) => {
    const [chat] = await tx.select().from(whatsappChats).where(eq(whatsappChats.id, action.chatId));
    if (!chat?.isGroup || chat.deletedAt)
      throw new NotFound(`No group ${action.chatId}.`, { chatId: action.chatId });
    if (!chat.weAreMember)
      throw new Conflict('Our number is no longer a participant of this group.', {
        chatId: chat.id,
        reason: 'not_member',
      });
    if (!chat.weAreAdmin)
      throw new Conflict('Our number is not an admin of this group; WhatsApp only lets admins do this.', {
        chatId: chat.id,
        reason: 'not_admin',
      });
    const payload: GroupOpPayload =
      action.op === 'rename'
        ? { op: 'rename', chatId: chat.waId, name: action.name }
        : action.op === 'describe'
          ? { op: 'describe', chatId: chat.waId, description: action.description }
          : action.op === 'invite_code' || action.op === 'revoke_invite'
            ? { op: action.op, chatId: chat.waId }
            : { op: action.op, chatId: chat.waId, participants: widsOf(action.participants) };
    const queued = await enqueueCommand(tx, {
      sessionId: chat.sessionId,
      kind: 'group_op',
      payload,
      createdBy: actorLabel(actor),
    });
    await recordAudit(tx, {
      actor,
      action: `group.${action.op}`,
      targetType: 'chat',
      targetId: chat.id,
      details: { ...payload, commandId: queued.command.id },
    });
    return queued;
  });
}
