import { and, desc, eq, or, sql } from 'drizzle-orm';
import { groupUsage } from '../bindings/group-usage';
import { groupWarning } from '../bindings/resolve-group';
import type { Tx } from '../db';
import {
  experiences,
  whatsappChats,
  whatsappContacts,
  whatsappGroupParticipants,
  whatsappMessages,
  whatsappReservationRequests,
  whatsappSessions,
} from '../db/schema';
import { chatIdToPhone } from '../operators/operator-chat';
import { getChat } from './list-chats';

export type OurRole = 'superadmin' | 'admin' | 'member' | 'none';

const phoneOfWid = (wid: string) => chatIdToPhone(wid);

/**
 * What the details panel shows for a chat. A person: their names, phone, `@lid`, the reservation requests
 * that came from this chat and the groups we share with them. A group: its participants (admins marked, us
 * among them), description, who it notifies (experiences, operators) and what stops it working.
 */
export async function getChatDetails(db: Tx, chatId: number) {
  const chat = await getChat(db, chatId);
  const [session] = await db
    .select({ meWid: whatsappSessions.meWid })
    .from(whatsappSessions)
    .where(eq(whatsappSessions.id, chat.sessionId));
  const meWid = session?.meWid ?? null;
  if (!chat.isGroup) return { chat, person: await personDetails(db, chat), group: null };
  return { chat, person: null, group: await groupDetails(db, chat, meWid) };
}

async function personDetails(db: Tx, chat: Awaited<ReturnType<typeof getChat>>) {
  const [contact] = await db
    .select()
    .from(whatsappContacts)
    .where(
      and(
        eq(whatsappContacts.sessionId, chat.sessionId),
        or(eq(whatsappContacts.wid, chat.waId), eq(whatsappContacts.lid, chat.waId)),
      ),
    )
    .limit(1);
  const wids = [chat.waId, contact?.wid, contact?.lid].filter((w): w is string => Boolean(w));
  const requests = await db
    .select({
      id: whatsappReservationRequests.id,
      code: whatsappReservationRequests.code,
      status: whatsappReservationRequests.status,
      createdAt: whatsappReservationRequests.createdAt,
      experience: experiences.title,
    })
    .from(whatsappReservationRequests)
    .innerJoin(whatsappMessages, eq(whatsappMessages.id, whatsappReservationRequests.messageId))
    .leftJoin(experiences, eq(experiences.id, whatsappReservationRequests.experienceId))
    .where(eq(whatsappMessages.chatId, chat.id))
    .orderBy(desc(whatsappReservationRequests.createdAt))
    .limit(20);
  const groups = await db
    .select({ id: whatsappChats.id, name: whatsappChats.name, waId: whatsappChats.waId })
    .from(whatsappGroupParticipants)
    .innerJoin(whatsappChats, eq(whatsappChats.id, whatsappGroupParticipants.chatId))
    .where(
      and(
        eq(whatsappChats.sessionId, chat.sessionId),
        sql`${whatsappChats.deletedAt} is null`,
        eq(whatsappChats.weAreMember, true),
        sql`${whatsappGroupParticipants.contactWid} in ${wids}`,
      ),
    )
    .orderBy(whatsappChats.name);
  return {
    name: contact?.name ?? chat.name,
    pushName: contact?.pushName ?? null,
    phone: contact?.phone ? `+${contact.phone.replace(/^\+/, '')}` : chat.phone,
    wid: contact?.wid ?? chat.waId,
    lid: contact?.lid ?? (chat.waId.endsWith('@lid') ? chat.waId : null),
    isBusiness: contact?.isBusiness ?? false,
    isMyContact: contact?.isMyContact ?? false,
    requests,
    sharedGroups: [...new Map(groups.map((g) => [g.id, g])).values()],
  };
}

async function groupDetails(db: Tx, chat: Awaited<ReturnType<typeof getChat>>, meWid: string | null) {
  const rows = await db
    .select({
      wid: whatsappGroupParticipants.contactWid,
      isAdmin: whatsappGroupParticipants.isAdmin,
      isSuperAdmin: whatsappGroupParticipants.isSuperAdmin,
      name: whatsappContacts.name,
      pushName: whatsappContacts.pushName,
      phone: whatsappContacts.phone,
    })
    .from(whatsappGroupParticipants)
    .leftJoin(
      whatsappContacts,
      and(
        eq(whatsappContacts.sessionId, chat.sessionId),
        or(
          eq(whatsappContacts.wid, whatsappGroupParticipants.contactWid),
          eq(whatsappContacts.lid, whatsappGroupParticipants.contactWid),
        ),
      ),
    )
    .where(eq(whatsappGroupParticipants.chatId, chat.id));
  const seen = new Set<string>();
  const participants = rows
    .filter((r) => !seen.has(r.wid) && seen.add(r.wid))
    .map((r) => ({
      wid: r.wid,
      name: r.name ?? r.pushName ?? null,
      phone: r.phone ? `+${r.phone.replace(/^\+/, '')}` : phoneOfWid(r.wid),
      isAdmin: r.isAdmin || r.isSuperAdmin,
      isSuperAdmin: r.isSuperAdmin,
      isMe: r.wid === meWid,
    }))
    // Admins first, then by name or number, us among them where we belong.
    .sort(
      (a, b) =>
        Number(b.isAdmin) - Number(a.isAdmin) ||
        (a.name ?? a.phone ?? a.wid).localeCompare(b.name ?? b.phone ?? b.wid),
    );
  const me = participants.find((p) => p.isMe);
  const ourRole: OurRole = !chat.weAreMember
    ? 'none'
    : me?.isSuperAdmin
      ? 'superadmin'
      : me?.isAdmin || chat.weAreAdmin
        ? 'admin'
        : 'member';
  const usage = (await groupUsage(db, [chat.id])).get(chat.id)!;
  const warnings: { code: string; message: string }[] = [];
  const blocking = groupWarning(chat);
  if (blocking) warnings.push(blocking);
  if (chat.weAreMember && ourRole === 'member')
    warnings.push({
      code: 'not_admin',
      message:
        'Our number is not an admin of this group: it cannot add or remove participants or change the group.',
    });
  return {
    description: chat.description,
    participants,
    ourRole,
    experiences: usage.experiences,
    operators: usage.operators,
    warnings,
  };
}
