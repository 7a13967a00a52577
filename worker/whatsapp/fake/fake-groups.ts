import { randomBytes } from 'node:crypto';
import {
  ClientGoneError,
  GroupAdminError,
  type GroupAdminPort,
  type ParticipantAction,
  type ParticipantResults,
} from '../port';
import type { FakeChat, FakeWorld } from './fake-world';

const inviteCode = () => randomBytes(11).toString('base64url').slice(0, 22);

/**
 * Group administration on the fake phone, with WhatsApp's rules as whatsapp-web.js reports them: only an admin
 * may change a group or read its link (GroupChat.js answers `iAmNotAdmin` / false / a server error), removing
 * or promoting someone who is not in the group does nothing for them (and is answered 200, as the library
 * does), an admin cannot remove or demote the group's creator, and every call is listed in `GET /sent`.
 * `POST /misbehave {groupOpsFail: N}` makes the next N calls fail; `{groupOpsTimeout: N}` makes the next N do
 * their work and then time out, the client gone (`gone`), as a protocol timeout does in the real driver.
 */
export function fakeGroups(
  world: FakeWorld,
  changed: (chatId: string, kind: 'join' | 'leave' | 'update' | 'admin', wids: string[]) => void,
  gone: (error: string) => void,
): GroupAdminPort {
  const port = groupCalls(world, changed);
  const timingOut =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await call(...args);
      if (world.misbehaviour.groupOpsTimeout > 0) {
        world.misbehaviour.groupOpsTimeout--;
        const error = 'Runtime.callFunctionOn timed out. Increase the protocolTimeout setting.';
        gone(error);
        throw new ClientGoneError(error, true);
      }
      return result;
    };
  return {
    create: timingOut(port.create),
    inviteCode: timingOut(port.inviteCode),
    revokeInvite: timingOut(port.revokeInvite),
    participants: timingOut(port.participants),
    setSubject: timingOut(port.setSubject),
    setDescription: timingOut(port.setDescription),
  };
}

function groupCalls(
  world: FakeWorld,
  changed: (chatId: string, kind: 'join' | 'leave' | 'update' | 'admin', wids: string[]) => void,
): GroupAdminPort {
  const log = (chatId: string, group: NonNullable<Parameters<FakeWorld['sent']['push']>[0]['group']>) => {
    world.sent.push({
      chatId,
      body: '',
      id: `group_${randomBytes(6).toString('hex')}`,
      at: new Date().toISOString(),
      group,
    });
    world.saveState();
  };
  const failing = () => {
    if (world.misbehaviour.groupOpsFail > 0) {
      world.misbehaviour.groupOpsFail--;
      throw new GroupAdminError('failed', 'Evaluation failed: fake group operation failure');
    }
  };
  const adminGroup = (chatId: string): FakeChat => {
    failing();
    const chat = world.chats.get(chatId);
    if (!chat?.isGroup) throw new GroupAdminError('not_found', `No group ${chatId}.`);
    const me = chat.participants?.find((p) => p.wid === world.me.wid);
    if (!me) throw new GroupAdminError('not_admin', 'Our number is not a participant of this group.');
    if (!me.isAdmin && !me.isSuperAdmin)
      throw new GroupAdminError('not_admin', 'Our number is not an admin of this group.');
    return chat;
  };

  return {
    async create(name, wids) {
      failing();
      const chatId = `1203630${String(Date.now()).slice(-11)}${randomBytes(2).readUInt16BE(0) % 10}@g.us`;
      const participants = [
        { wid: world.me.wid, isAdmin: true, isSuperAdmin: true },
        ...wids
          .filter((w) => w !== world.me.wid)
          .map((wid) => ({ wid, isAdmin: false, isSuperAdmin: false })),
      ];
      world.upsertChat({ id: chatId, name, isGroup: true, participants, inviteCode: inviteCode() });
      log(chatId, { op: 'create', name, participants: wids });
      changed(chatId, 'join', wids);
      return { chatId, participants: Object.fromEntries(wids.map((w) => [w, { status: 200 }])) };
    },
    async inviteCode(chatId) {
      const chat = adminGroup(chatId);
      chat.inviteCode ??= inviteCode();
      log(chatId, { op: 'invite_code', inviteCode: chat.inviteCode });
      return chat.inviteCode;
    },
    async revokeInvite(chatId) {
      const chat = adminGroup(chatId);
      chat.inviteCode = inviteCode();
      log(chatId, { op: 'revoke_invite', inviteCode: chat.inviteCode });
      return chat.inviteCode;
    },
    async participants(chatId, action: ParticipantAction, wids) {
      const chat = adminGroup(chatId);
      const list = chat.participants ?? [];
      const me = chat.participants?.find((p) => p.wid === world.me.wid);
      const results: ParticipantResults = {};
      const changedWids: string[] = [];
      for (const wid of wids) {
        const present = list.find((p) => p.wid === wid);
        if (action === 'add') {
          if (present) results[wid] = { status: 409, message: 'already a participant' };
          else {
            list.push({ wid, isAdmin: false, isSuperAdmin: false });
            results[wid] = { status: 200 };
          }
          continue;
        }
        // GroupChat.js answers { status: 200 } for remove/promote/demote whatever WhatsApp did: it drops ids
        // that are not participants, and WhatsApp ignores an admin removing or demoting the group's creator.
        results[wid] = { status: 200 };
        if (!present || (present.isSuperAdmin && !me?.isSuperAdmin)) continue;
        if (action === 'remove') list.splice(list.indexOf(present), 1);
        else present.isAdmin = action === 'promote';
        changedWids.push(wid);
      }
      chat.participants = list;
      log(chatId, { op: action, participants: wids });
      const done = action === 'add' ? wids.filter((w) => results[w]?.status === 200) : changedWids;
      if (done.length)
        changed(chatId, action === 'add' ? 'join' : action === 'remove' ? 'leave' : 'admin', done);
      return results;
    },
    async setSubject(chatId, name) {
      const chat = adminGroup(chatId);
      chat.name = name;
      log(chatId, { op: 'rename', name });
      changed(chatId, 'update', []);
    },
    async setDescription(chatId, description) {
      const chat = adminGroup(chatId);
      chat.description = description;
      log(chatId, { op: 'describe', description });
      changed(chatId, 'update', []);
    },
  };
}
