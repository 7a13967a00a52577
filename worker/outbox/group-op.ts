import { and, eq } from 'drizzle-orm';
import { setOperatorDefaultGroup } from '../../lib/bindings/operator-default';
import type { Db } from '../../lib/db';
import { whatsappChats } from '../../lib/db/schema';
import type { GroupOpPayload } from '../../lib/groups/group-op-payload';
import { sleep } from '../sleep';
import { GroupAdminError, type WhatsAppDriver } from '../whatsapp/port';
import { type Members, notApplied, participantOutcomes, storedMembers } from './participant-outcomes';

export interface GroupOpDeps {
  db: Db;
  driver: WhatsAppDriver;
  syncGroup: (chatId: string) => Promise<void>;
  commandId: number;
  sessionId: number;
}

const inviteLink = (code: string) => `https://chat.whatsapp.com/${code}`;

/**
 * One `group_op` command against WhatsApp, then the group's row refreshed from what WhatsApp says now (so the
 * dashboard shows the real participants, not what we asked for). The result is the command's `result`: the
 * invite link, each participant's answer, the new group's ids. A refusal fails the command with its reason.
 */
export async function runGroupOp(d: GroupOpDeps, op: GroupOpPayload): Promise<Record<string, unknown>> {
  try {
    if (op.op === 'create') {
      const created = await d.driver.groups.create(op.name, op.participants);
      await d.syncGroup(created.chatId);
      const [chat] = await d.db
        .select({ id: whatsappChats.id })
        .from(whatsappChats)
        .where(and(eq(whatsappChats.sessionId, d.sessionId), eq(whatsappChats.waId, created.chatId)));
      if (op.operatorId && chat)
        await setOperatorDefaultGroup(
          d.db,
          { operatorId: op.operatorId, chatId: chat.id },
          { type: 'system', label: `group_op command ${d.commandId}` },
        );
      return { waId: created.chatId, chatId: chat?.id ?? null, participants: created.participants };
    }
    let result: Record<string, unknown>;
    switch (op.op) {
      case 'invite_code':
      case 'revoke_invite': {
        const code =
          op.op === 'invite_code'
            ? await d.driver.groups.inviteCode(op.chatId)
            : await d.driver.groups.revokeInvite(op.chatId);
        // Invite links do not change the group: no refresh needed.
        return { inviteCode: code, inviteLink: inviteLink(code) };
      }
      case 'rename':
        await d.driver.groups.setSubject(op.chatId, op.name);
        result = { name: op.name };
        break;
      case 'describe':
        await d.driver.groups.setDescription(op.chatId, op.description);
        result = { description: op.description };
        break;
      case 'add': {
        // addParticipants answers per participant (200 added, 403 invited instead, 409 already there…).
        const participants = await d.driver.groups.participants(op.chatId, op.op, op.participants);
        result = { participants, notApplied: notApplied(participants) };
        break;
      }
      default:
        return await changeParticipants(d, { ...op, op: op.op });
    }
    await d.syncGroup(op.chatId);
    return result;
  } catch (error) {
    if (error instanceof GroupAdminError && error.reason === 'not_admin')
      throw new Error(`Our number is not an admin of this group: ${error.message}`);
    throw error;
  }
}

/** How long WhatsApp Web gets to show a change it did make before a participant is reported as not changed. */
const CONFIRM_MS = 2000;

/**
 * Remove, promote or demote, each participant's outcome read from the group itself (participant-outcomes.ts):
 * refreshed before the call (the row may be older than the request) and after it. A change the page has
 * not shown yet gets one more refresh before it is reported as not applied.
 */
async function changeParticipants(
  d: GroupOpDeps,
  op: { op: 'remove' | 'promote' | 'demote'; chatId: string; participants: string[] },
): Promise<Record<string, unknown>> {
  const members = async (): Promise<Members> => {
    await d.syncGroup(op.chatId);
    return storedMembers(d.db, d.sessionId, op.chatId);
  };
  const before = await members();
  const answers = await d.driver.groups.participants(op.chatId, op.op, op.participants);
  let outcomes = participantOutcomes(op.op, answers, before, await members());
  if (Object.values(outcomes).some((o) => o.status === 406)) {
    await sleep(CONFIRM_MS);
    outcomes = participantOutcomes(op.op, answers, before, await members());
  }
  return { participants: outcomes, notApplied: notApplied(outcomes) };
}
