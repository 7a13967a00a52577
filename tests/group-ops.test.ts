import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, tourOperators, whatsappChats, whatsappCommands } from '../lib/db/schema';
import { call, createUserWithCookie } from './support/api';
import type { TestDb } from './support/db';
import { createOperator, createOrganizer } from './support/factories';
import { waitFor } from './support/processes';
import { startReadyWorker } from './support/worker-harness';

const WA = '/api/v1/superadmin/whatsapp';

describe('group administration through the outbox', () => {
  let suite: Awaited<ReturnType<typeof startReadyWorker>>;
  let t: TestDb;
  let h: typeof suite.h;
  let cookie: string;
  beforeAll(async () => {
    suite = await startReadyWorker();
    ({ t, h, cookie } = suite);
  });
  afterAll(() => suite.drop());
  afterEach(() => {
    h.world.misbehaviour.groupOpsFail = 0;
  });

  const finished = (id: number) =>
    waitFor(
      `command ${id}`,
      async () => {
        const [row] = await t.db.select().from(whatsappCommands).where(eq(whatsappCommands.id, id));
        return row && ['succeeded', 'failed', 'unknown'].includes(row.status) ? row : undefined;
      },
      10_000,
    );
  const post = async (path: string, body?: unknown, method = 'POST') => {
    const res = await call(method, `${WA}${path}`, { cookie, body });
    return {
      status: res.status,
      body: (await res.json()) as { command: { id: number }; error?: { message: string } },
    };
  };

  let groupId = 0;
  let groupWa = '';

  it('creates a group for an operator with its phone and colleagues, our number admin, and makes it the default', async () => {
    const organizer = await createOrganizer(t.db, { name: 'Andes' });
    const operator = await createOperator(t.db, {
      organizerId: organizer.id,
      name: 'Andes Trek',
      phone: '+56 9 6123 4501',
    });
    const res = await post(`/operators/${operator.id}/group/`, { colleagues: ['+56 9 7000 0001'] });
    expect(res.status).toBe(202);
    const done = await finished(res.body.command.id);
    expect(done.status).toBe('succeeded');
    const [created] = h.world.sent.filter((s) => s.group?.op === 'create');
    expect(created?.group).toEqual({
      op: 'create',
      name: 'Reservas Andes Trek · Tuki',
      participants: ['56961234501@c.us', '56970000001@c.us'],
    });
    const fakeGroup = h.world.chats.get(created!.chatId)!;
    expect(fakeGroup.participants!.find((p) => p.wid === h.world.me.wid)).toMatchObject({ isAdmin: true });
    const [row] = await t.db.select().from(tourOperators).where(eq(tourOperators.id, operator.id));
    const [chat] = await t.db.select().from(whatsappChats).where(eq(whatsappChats.waId, created!.chatId));
    expect(row!.defaultGroupChatId).toBe(chat!.id);
    expect(chat).toMatchObject({ name: 'Reservas Andes Trek · Tuki', weAreAdmin: true, isGroup: true });
    groupId = chat!.id;
    groupWa = chat!.waId;
    const actions = (await t.db.select().from(auditLog)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['group.create', 'operator.default_group.set']));
  });

  it('gets and revokes the invite link, adds and promotes participants, renames and describes', async () => {
    const invite = await finished((await post(`/groups/${groupId}/invite/`)).body.command.id);
    const link = (invite.result as { inviteLink: string }).inviteLink;
    expect(link).toBe(`https://chat.whatsapp.com/${h.world.chats.get(groupWa)!.inviteCode}`);
    // The link lets anyone join: the command's answer shows it to whoever may make one, not to a viewer.
    const commandPath = `${WA}/commands/${invite.id}/`;
    const asAdmin = (await (await call('GET', commandPath, { cookie })).json()) as { result: unknown };
    expect(asAdmin.result).toMatchObject({ inviteLink: link });
    const viewer = (await createUserWithCookie(t.db, 'viewer')).cookie;
    const asViewer = (await (await call('GET', commandPath, { cookie: viewer })).json()) as {
      result: unknown;
    };
    expect(asViewer.result).toMatchObject({ inviteLink: null, inviteCode: null, credentialsHidden: true });
    expect(JSON.stringify(asViewer)).not.toContain(link);
    const revoked = await finished(
      (await post(`/groups/${groupId}/invite/`, undefined, 'DELETE')).body.command.id,
    );
    expect((revoked.result as { inviteLink: string }).inviteLink).not.toBe(link);

    const added = await finished(
      (await post(`/groups/${groupId}/participants/`, { action: 'add', participants: ['+56 9 7000 0002'] }))
        .body.command.id,
    );
    expect(added.result).toEqual({ participants: { '56970000002@c.us': { status: 200 } }, notApplied: [] });
    await finished(
      (
        await post(`/groups/${groupId}/participants/`, {
          action: 'promote',
          participants: ['56970000002@c.us'],
        })
      ).body.command.id,
    );
    expect(h.world.chats.get(groupWa)!.participants!.find((p) => p.wid === '56970000002@c.us')?.isAdmin).toBe(
      true,
    );
    await finished(
      (await post(`/groups/${groupId}/`, { name: 'Andes Trek reservas' }, 'PATCH')).body.command.id,
    );
    await finished(
      (await post(`/groups/${groupId}/`, { description: 'Solo reservas' }, 'PATCH')).body.command.id,
    );
    await waitFor(
      'the refreshed group',
      async () => {
        const [chat] = await t.db.select().from(whatsappChats).where(eq(whatsappChats.id, groupId));
        return chat?.name === 'Andes Trek reservas' &&
          chat.description === 'Solo reservas' &&
          chat.participantCount === 4
          ? true
          : undefined;
      },
      10_000,
    );
  });

  it('says which participants WhatsApp left as they were, though the library answers 200 for all', async () => {
    const participants = () => h.world.chats.get(groupWa)!.participants!;
    const creator = '56961234501@c.us';
    // Our number an admin, the operator the group's creator: WhatsApp ignores removing the creator.
    participants().find((p) => p.wid === h.world.me.wid)!.isSuperAdmin = false;
    Object.assign(participants().find((p) => p.wid === creator)!, { isAdmin: true, isSuperAdmin: true });
    const removed = await finished(
      (
        await post(`/groups/${groupId}/participants/`, {
          action: 'remove',
          participants: ['+56 9 6123 4501', '+56 9 7999 9999', '56970000001@c.us'],
        })
      ).body.command.id,
    );
    expect(removed.status).toBe('succeeded');
    expect(removed.result).toEqual({
      participants: {
        [creator]: { status: 406, message: 'WhatsApp did not apply the change' },
        '56979999999@c.us': { status: 404, message: 'not a participant of this group' },
        '56970000001@c.us': { status: 200 },
      },
      notApplied: [creator, '56979999999@c.us'],
    });
    expect(participants().map((p) => p.wid)).toContain(creator);
    const promoted = await finished(
      (
        await post(`/groups/${groupId}/participants/`, {
          action: 'promote',
          participants: ['56970000002@c.us'],
        })
      ).body.command.id,
    );
    expect(promoted.result).toEqual({
      participants: { '56970000002@c.us': { status: 409, message: 'already an admin' } },
      notApplied: ['56970000002@c.us'],
    });
    // The API answers the same outcome to whoever queued it.
    const view = (await (await call('GET', `${WA}/commands/${removed.id}/`, { cookie })).json()) as {
      result: { notApplied: string[] };
    };
    expect(view.result.notApplied).toEqual([creator, '56979999999@c.us']);
    participants().find((p) => p.wid === h.world.me.wid)!.isSuperAdmin = true;
  });

  it('says so when our number is not admin, and fails the command when WhatsApp refuses', async () => {
    await t.db.update(whatsappChats).set({ weAreAdmin: false }).where(eq(whatsappChats.id, groupId));
    const refused = await post(`/groups/${groupId}/invite/`);
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toMatch(/not an admin/);
    await t.db.update(whatsappChats).set({ weAreAdmin: true }).where(eq(whatsappChats.id, groupId));
    h.world.misbehaviour.groupOpsFail = 1;
    const failed = await finished((await post(`/groups/${groupId}/invite/`)).body.command.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/fake group operation failure/);
    // The fake's own rule: an admin-only call from a member is refused by WhatsApp itself.
    h.world.chats.get(groupWa)!.participants!.find((p) => p.wid === h.world.me.wid)!.isSuperAdmin = false;
    h.world.chats.get(groupWa)!.participants!.find((p) => p.wid === h.world.me.wid)!.isAdmin = false;
    const notAdmin = await finished(
      (await post(`/groups/${groupId}/`, { name: 'X' }, 'PATCH')).body.command.id,
    );
    expect(notAdmin.error).toMatch(/not an admin/);
  });

  it('never creates a group twice: a timeout after WhatsApp made it, or a crash mid-call, waits for a person', async () => {
    const organizer = await createOrganizer(t.db, { name: 'Sur' });
    const operator = await createOperator(t.db, {
      organizerId: organizer.id,
      name: 'Sur Kayak',
      phone: '+56 9 6123 4502',
    });
    const createdBefore = () => h.world.sent.filter((s) => s.group?.op === 'create').length;
    const before = createdBefore();
    // The call ran on WhatsApp's side, then Puppeteer's protocol timeout: the client restarts.
    h.world.misbehaviour.groupOpsTimeout = 1;
    const timedOut = await finished((await post(`/operators/${operator.id}/group/`, {})).body.command.id);
    expect(timedOut.status).toBe('unknown');
    expect(timedOut.error).toMatch(/may have been made/);
    await h.waitForStatus('ready');
    expect(createdBefore()).toBe(before + 1);

    // A worker died while WhatsApp was creating one: the next client leaves it for a person too.
    const [session] = await t.sql<{ id: number }[]>`select id::int from whatsapp_sessions limit 1`;
    const [orphan] = await t.sql<{ id: number }[]>`
      insert into whatsapp_commands (session_id, kind, payload, status, attempts, claimed_by, claimed_at)
      values (${session!.id}, 'group_op', ${JSON.stringify({ op: 'create', name: 'Huérfano', participants: ['56961234502@c.us'] })}::jsonb,
              'sending', 1, 'a-dead-worker', now())
      returning id::int`;
    h.runner.restart('test: a new client reconciles');
    const reconciled = await finished(orphan!.id);
    expect(reconciled.status).toBe('unknown');
    expect(createdBefore()).toBe(before + 1);

    // A change that is harmless to repeat (the name) simply runs again on the new client.
    h.world.chats.get(groupWa)!.participants!.find((p) => p.wid === h.world.me.wid)!.isAdmin = true;
    await t.db.update(whatsappChats).set({ weAreAdmin: true }).where(eq(whatsappChats.id, groupId));
    h.world.misbehaviour.groupOpsTimeout = 1;
    const renamed = await finished(
      (await post(`/groups/${groupId}/`, { name: 'Andes Trek reservas II' }, 'PATCH')).body.command.id,
    );
    expect(renamed).toMatchObject({ status: 'succeeded', error: null });
    expect(h.world.chats.get(groupWa)!.name).toBe('Andes Trek reservas II');
  });

  it('refuses viewers', async () => {
    const viewer = (await createUserWithCookie(t.db, 'viewer')).cookie;
    expect((await call('POST', `${WA}/groups/${groupId}/invite/`, { cookie: viewer })).status).toBe(403);
  });
});
