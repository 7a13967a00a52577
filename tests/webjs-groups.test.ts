import { describe, expect, it } from 'vitest';
import type { Client } from 'whatsapp-web.js';
import { GroupAdminError } from '../worker/whatsapp/port';
import { webjsGroups } from '../worker/whatsapp/webjs/webjs-groups';

/**
 * whatsapp-web.js reports group refusals in its own ways (Client.createGroup and GroupChat.addParticipants
 * answer a string, setSubject/setDescription `false`, getInviteCode `undefined`): each must fail the command
 * with a reason, never pass as success. The client here answers as the library's source does.
 */
function groupsWith(client: Partial<Client>) {
  return webjsGroups((fn) => fn(client as Client));
}

const chat = (overrides: Record<string, unknown>) => ({
  isGroup: true,
  participants: [{ id: { _serialized: '56900000000@c.us' }, isAdmin: true, isSuperAdmin: false }],
  ...overrides,
});

describe('webjs group administration', () => {
  it('maps createGroup’s result, and its error string to a refusal', async () => {
    const ok = groupsWith({
      createGroup: async () => ({
        title: 'G',
        gid: { _serialized: '1203630001@g.us', server: 'g.us', user: '1203630001' },
        participants: {
          '56911111111@c.us': {
            statusCode: 403,
            message: 'invite sent',
            isGroupCreator: false,
            isInviteV4Sent: true,
          },
        },
      }),
    } as unknown as Partial<Client>);
    expect(await ok.create('G', ['56911111111@c.us'])).toEqual({
      chatId: '1203630001@g.us',
      participants: { '56911111111@c.us': { status: 403, message: 'invite sent' } },
    });
    const refused = groupsWith({
      createGroup: async () => 'CreateGroupError: An unknown error occupied while creating a group',
    } as unknown as Partial<Client>);
    await expect(refused.create('G', [])).rejects.toBeInstanceOf(GroupAdminError);
  });

  it('turns false, undefined and "not an admin" answers into not_admin', async () => {
    const groups = groupsWith({
      info: { wid: { _serialized: '56900000000@c.us' } },
      getChatById: async () =>
        chat({
          setSubject: async () => false,
          setDescription: async () => false,
          getInviteCode: async () => undefined,
          addParticipants: async () =>
            'AddParticipantsError: You have no admin rights to add participants to the group',
        }),
    } as unknown as Partial<Client>);
    for (const call of [
      () => groups.setSubject('1@g.us', 'X'),
      () => groups.setDescription('1@g.us', 'X'),
      () => groups.inviteCode('1@g.us'),
      () => groups.participants('1@g.us', 'add', ['56911111111@c.us']),
    ])
      await expect(call()).rejects.toMatchObject({ reason: 'not_admin' });
  });

  it('refuses to remove or promote when our number is a plain member, and answers the new invite code', async () => {
    const groups = groupsWith({
      info: { wid: { _serialized: '56900000000@c.us' } },
      getChatById: async () =>
        chat({
          participants: [{ id: { _serialized: '56900000000@c.us' }, isAdmin: false, isSuperAdmin: false }],
          revokeInvite: async () => 'NEWCODE123',
        }),
    } as unknown as Partial<Client>);
    await expect(groups.participants('1@g.us', 'remove', ['56911111111@c.us'])).rejects.toMatchObject({
      reason: 'not_admin',
    });
    expect(await groups.revokeInvite('1@g.us')).toBe('NEWCODE123');
  });

  it('finds our number by its @lid in a group in LID addressing mode, where the library answers 200 regardless', async () => {
    const lidGroup = (me: { isAdmin: boolean }, removed: string[]) =>
      groupsWith({
        info: { wid: { _serialized: '56900000000@c.us' } },
        // As Client.getContactLidAndPhone answers: serialized ids.
        getContactLidAndPhone: async (ids: string[]) =>
          ids.map((id) => ({ lid: id === '56900000000@c.us' ? '201234567890123@lid' : '', pn: id })),
        getChatById: async () =>
          chat({
            participants: [
              { id: { _serialized: '201234567890123@lid' }, ...me, isSuperAdmin: false },
              { id: { _serialized: '209876543210987@lid' }, isAdmin: false, isSuperAdmin: false },
            ],
            removeParticipants: async (wids: string[]) => {
              removed.push(...wids);
              return { status: 200 };
            },
          }),
      } as unknown as Partial<Client>);
    const removed: string[] = [];
    await expect(
      lidGroup({ isAdmin: false }, removed).participants('1@g.us', 'remove', ['56911111111@c.us']),
    ).rejects.toMatchObject({ reason: 'not_admin' });
    expect(removed).toEqual([]);
    expect(
      await lidGroup({ isAdmin: true }, removed).participants('1@g.us', 'remove', ['56911111111@c.us']),
    ).toEqual({ '56911111111@c.us': { status: 200 } });
    expect(removed).toEqual(['56911111111@c.us']);
  });

  it('refuses when our number is not in the group at all', async () => {
    const groups = groupsWith({
      info: { wid: { _serialized: '56900000000@c.us' } },
      getChatById: async () =>
        chat({
          participants: [{ id: { _serialized: '56922222222@c.us' }, isAdmin: true, isSuperAdmin: true }],
        }),
    } as unknown as Partial<Client>);
    await expect(groups.participants('1@g.us', 'promote', ['56922222222@c.us'])).rejects.toMatchObject({
      reason: 'not_admin',
    });
  });
});
