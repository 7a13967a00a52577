import type { CreateGroupResult, GroupChat, Client as WaClient } from 'whatsapp-web.js';
import { GroupAdminError, type GroupAdminPort, type ParticipantResults } from '../port';
import { serialized } from './mapping';

type Call = <T>(fn: (client: WaClient) => Promise<T>) => Promise<T>;

/**
 * Group administration with whatsapp-web.js (Client.createGroup, GroupChat.js). The library reports refusals
 * in several ways: a string instead of a result (createGroup, addParticipants: "…not an admin…"), `false`
 * from setSubject/setDescription, `undefined` from getInviteCode (a server error: not an admin). Each
 * becomes a GroupAdminError, so the command fails with the reason instead of "succeeding" silently.
 */
export function webjsGroups(call: Call): GroupAdminPort {
  const group = async (client: WaClient, chatId: string): Promise<GroupChat> => {
    const chat = (await client.getChatById(chatId)) as GroupChat | undefined;
    if (!chat?.isGroup) throw new GroupAdminError('not_found', `No group ${chatId}.`);
    return chat;
  };
  const refused = (answer: string) =>
    new GroupAdminError(/admin/i.test(answer) ? 'not_admin' : 'failed', answer.slice(0, 300));

  return {
    create: (name, participants) =>
      call(async (c) => {
        const result = (await c.createGroup(name, participants)) as CreateGroupResult | string;
        if (typeof result === 'string') throw refused(result);
        const answers: ParticipantResults = {};
        for (const [wid, r] of Object.entries(result.participants ?? {}))
          answers[wid] = { status: r.statusCode, message: r.message || undefined };
        return { chatId: result.gid._serialized, participants: answers };
      }),
    inviteCode: (chatId) =>
      call(async (c) => {
        const code = await (await group(c, chatId)).getInviteCode();
        if (!code)
          throw new GroupAdminError('not_admin', 'WhatsApp gave no invite code: our number is not an admin.');
        return code;
      }),
    revokeInvite: (chatId) =>
      call(async (c) => {
        // Typed as void, GroupChat.revokeInvite answers the new code.
        const code = (await (await group(c, chatId)).revokeInvite()) as unknown as string | undefined;
        if (!code) throw new GroupAdminError('failed', 'WhatsApp did not revoke the invite link.');
        return code;
      }),
    participants: (chatId, action, wids) =>
      call(async (c) => {
        const chat = await group(c, chatId);
        if (action === 'add') {
          const result = await chat.addParticipants(wids, { autoSendInviteV4: true });
          if (typeof result === 'string') throw refused(result);
          const answers: ParticipantResults = {};
          for (const [wid, r] of Object.entries(
            result as unknown as Record<string, { code: number; message: string }>,
          ))
            answers[wid] = { status: r.code, message: r.message || undefined };
          return answers;
        }
        // The library answers 200 for remove/promote/demote whatever WhatsApp did, so refuse here first.
        const mine = await ourIds(c, chat);
        const me = chat.participants.find((p) => mine.ids.includes(p.id._serialized));
        if (!me && mine.complete)
          throw new GroupAdminError('not_admin', 'Our number is not a participant of this group.');
        if (me && !me.isAdmin && !me.isSuperAdmin)
          throw new GroupAdminError('not_admin', 'Our number is not an admin of this group.');
        const fn =
          action === 'remove'
            ? chat.removeParticipants(wids)
            : action === 'promote'
              ? chat.promoteParticipants(wids)
              : chat.demoteParticipants(wids);
        const { status } = await fn;
        return Object.fromEntries(wids.map((w) => [w, { status }]));
      }),
    setSubject: (chatId, name) =>
      call(async (c) => {
        if (!(await (await group(c, chatId)).setSubject(name)))
          throw new GroupAdminError(
            'not_admin',
            'WhatsApp refused the new name: our number is not an admin.',
          );
      }),
    setDescription: (chatId, description) =>
      call(async (c) => {
        if (!(await (await group(c, chatId)).setDescription(description)))
          throw new GroupAdminError(
            'not_admin',
            'WhatsApp refused the description: our number is not an admin.',
          );
      }),
  };
}

/**
 * The ids a group's participant list may use for our number: the phone id, and in a group in LID addressing
 * mode (every new group, the ones we create included) our own `@lid`, which only a lookup tells. `complete`
 * when every id the list could use is known, so not finding us there means we are not in the group.
 */
async function ourIds(client: WaClient, chat: GroupChat): Promise<{ ids: string[]; complete: boolean }> {
  const wid = client.info?.wid?._serialized;
  if (!wid) return { ids: [], complete: false };
  if (wid.endsWith('@lid') || !chat.participants.some((p) => p.id._serialized.endsWith('@lid')))
    return { ids: [wid], complete: true };
  // A failed lookup only skips this check: the change's outcome is still read back from the group.
  const [pair] = await client.getContactLidAndPhone([wid]).catch(() => []);
  const lid = serialized(pair?.lid);
  return lid ? { ids: [wid, lid], complete: true } : { ids: [wid], complete: false };
}
