import { z } from 'zod';

/** What a `group_op` command carries (the worker's side: WhatsApp ids, never our row ids). */
const wid = z.string().regex(/^\d{6,15}@c\.us$|^\d{6,20}@lid$/, 'a WhatsApp id like 569…@c.us');
const groupWid = z.string().regex(/^[\w.-]+@g\.us$/, 'a WhatsApp group id (…@g.us)');

export const PARTICIPANT_ACTIONS = ['add', 'remove', 'promote', 'demote'] as const;

export const groupOpPayload = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('create'),
    name: z.string().trim().min(1).max(100),
    participants: z.array(wid).min(1).max(256),
    /** Make the new group this operator's default once WhatsApp has created it. */
    operatorId: z.number().int().positive().optional(),
  }),
  z.object({ op: z.literal('invite_code'), chatId: groupWid }),
  z.object({ op: z.literal('revoke_invite'), chatId: groupWid }),
  z.object({ op: z.enum(PARTICIPANT_ACTIONS), chatId: groupWid, participants: z.array(wid).min(1).max(256) }),
  z.object({ op: z.literal('rename'), chatId: groupWid, name: z.string().trim().min(1).max(100) }),
  z.object({ op: z.literal('describe'), chatId: groupWid, description: z.string().max(2048) }),
]);
export type GroupOpPayload = z.infer<typeof groupOpPayload>;

/**
 * Whether running the op a second time is harmless. Creating a group (a second group), adding people (their
 * invites sent again) and revoking the link (the first new link lost) are not: when WhatsApp may already have
 * done one of these (a crash or a timeout mid-call), a person decides instead of a blind retry.
 */
export function groupOpRepeatable(op: GroupOpPayload): boolean {
  return op.op !== 'create' && op.op !== 'add' && op.op !== 'revoke_invite';
}
