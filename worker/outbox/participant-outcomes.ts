import { and, eq } from 'drizzle-orm';
import type { Db } from '../../lib/db';
import { whatsappChats, whatsappGroupParticipants } from '../../lib/db/schema';
import type { ParticipantResults } from '../whatsapp/port';

export type Members = Map<string, { isAdmin: boolean; isSuperAdmin: boolean }>;

/** The group's participants as the last refresh from WhatsApp stored them (phone ids, also in LID groups). */
export async function storedMembers(db: Db, sessionId: number, waId: string): Promise<Members> {
  const rows = await db
    .select({
      wid: whatsappGroupParticipants.contactWid,
      isAdmin: whatsappGroupParticipants.isAdmin,
      isSuperAdmin: whatsappGroupParticipants.isSuperAdmin,
    })
    .from(whatsappGroupParticipants)
    .innerJoin(whatsappChats, eq(whatsappChats.id, whatsappGroupParticipants.chatId))
    .where(and(eq(whatsappChats.sessionId, sessionId), eq(whatsappChats.waId, waId)));
  return new Map(rows.map((r) => [r.wid, { isAdmin: r.isAdmin, isSuperAdmin: r.isSuperAdmin }]));
}

/** Applied yet, per the group as WhatsApp lists it now. */
function applied(action: 'remove' | 'promote' | 'demote', now: Members, wid: string): boolean {
  const member = now.get(wid);
  if (action === 'remove') return !member;
  if (!member) return false;
  return action === 'promote'
    ? member.isAdmin || member.isSuperAdmin
    : !member.isAdmin && !member.isSuperAdmin;
}

/**
 * whatsapp-web.js answers `{ status: 200 }` for remove/promote/demote whatever happened (GroupChat.js drops the
 * ids it cannot find among the participants and never reads WhatsApp's answer; WhatsApp itself ignores, for
 * instance, an admin removing the group's creator). Each participant's outcome is therefore read from the
 * group before and after the change: 200 applied, 404 not a participant, 409 already so, 406 WhatsApp did not
 * apply it. A refusal the driver already reported is kept, and so is its answer where the group cannot tell
 * (an `@lid` id, or a LID group with members stored by lid: participants are stored by phone id).
 */
export function participantOutcomes(
  action: 'remove' | 'promote' | 'demote',
  answers: ParticipantResults,
  before: Members,
  after: Members,
): ParticipantResults {
  // A LID group member whose phone WhatsApp would not tell is stored by lid: one not found may still be there.
  const unmapped = [...before.keys()].some((w) => w.endsWith('@lid'));
  const outcomes: ParticipantResults = {};
  for (const [wid, answer] of Object.entries(answers)) {
    const was = before.get(wid);
    if (answer.status !== 200 || wid.endsWith('@lid') || (!was && unmapped)) outcomes[wid] = answer;
    else if (!was) outcomes[wid] = { status: 404, message: 'not a participant of this group' };
    else if (applied(action, before, wid) && action !== 'remove')
      outcomes[wid] = { status: 409, message: action === 'promote' ? 'already an admin' : 'not an admin' };
    else if (applied(action, after, wid)) outcomes[wid] = { status: 200 };
    else outcomes[wid] = { status: 406, message: 'WhatsApp did not apply the change' };
  }
  return outcomes;
}

/** The participants a change left as they were, for the dashboard to name. */
export function notApplied(results: ParticipantResults): string[] {
  return Object.entries(results)
    .filter(([, r]) => r.status !== 200)
    .map(([wid]) => wid);
}
