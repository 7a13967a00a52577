import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../lib/audit/actor';
import {
  bindExperienceGroup,
  resetExperienceGroup,
  unbindExperience,
} from '../lib/bindings/experience-binding';
import {
  clearOperatorDefaultGroup,
  countExperiencesAffectedByOperatorDefault,
  setOperatorDefaultGroup,
} from '../lib/bindings/operator-default';
import { resolveExperienceGroup } from '../lib/bindings/resolve-group';
import { syncBindingFlags } from '../lib/bindings/sync-flags';
import { auditLog, experienceGroupBindings, whatsappChats } from '../lib/db/schema';
import { Conflict, Invalid, NotFound } from '../lib/errors';
import { CHANNELS } from '../lib/events/notify';
import { createTestDb, type TestDb } from './support/db';
import {
  createBinding,
  createChat,
  createExperience,
  createGroup,
  createOperator,
  createOrganizer,
  createSession,
} from './support/factories';

const admin: Actor = { type: 'user', id: '3', label: 'admin@tuki.cl' };

describe('binding verbs', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  async function world() {
    const session = await createSession(t.db);
    const organizer = await createOrganizer(t.db);
    const defaultGroup = await createGroup(t.db, { sessionId: session.id, name: 'Operador Sur' });
    const operator = await createOperator(t.db, {
      organizerId: organizer.id,
      defaultGroupChatId: defaultGroup.id,
    });
    const experience = await createExperience(t.db, { organizerId: organizer.id, operatorId: operator.id });
    const group = await createGroup(t.db, { sessionId: session.id, name: 'Kayak Puerto Varas' });
    return { session, organizer, operator, experience, defaultGroup, group };
  }

  const auditsFor = (targetType: string, targetId: number) =>
    t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, targetType), eq(auditLog.targetId, String(targetId))));

  it('binds an override, resets it back to the operator default and records who did each', async () => {
    const w = await world();
    const bound = await bindExperienceGroup(
      t.db,
      { experienceId: w.experience.id, chatId: w.group.id },
      admin,
    );
    expect(bound.group).toMatchObject({ source: 'override', name: 'Kayak Puerto Varas', warning: null });

    const reset = await resetExperienceGroup(t.db, { experienceId: w.experience.id }, admin);
    expect(reset.group).toMatchObject({ source: 'operator_default', name: 'Operador Sur' });

    const audits = await auditsFor('experience', w.experience.id);
    expect(audits.map((a) => a.action)).toEqual(['binding.override', 'binding.reset']);
    expect(audits[0]).toMatchObject({ actorType: 'user', actorId: '3', details: { chatId: w.group.id } });
  });

  it('rebinding replaces the override instead of adding a second one', async () => {
    const w = await world();
    const other = await createGroup(t.db, { sessionId: w.session.id, name: 'Otro grupo' });
    await bindExperienceGroup(t.db, { experienceId: w.experience.id, chatId: w.group.id }, admin);
    const rebound = await bindExperienceGroup(
      t.db,
      { experienceId: w.experience.id, chatId: other.id },
      admin,
    );
    expect(rebound.group.name).toBe('Otro grupo');
    const rows = await t.db
      .select()
      .from(experienceGroupBindings)
      .where(eq(experienceGroupBindings.experienceId, w.experience.id));
    expect(rows).toHaveLength(1);
  });

  it('binds by WhatsApp group id, looked up in the named number, and answers the experience and operator as they now read', async () => {
    const w = await world();
    const bound = await bindExperienceGroup(
      t.db,
      { experienceId: w.experience.id, chatId: w.group.waId, session: w.session.name },
      admin,
    );
    // The binding names its number: groups belong to one WhatsApp number.
    expect(bound).toMatchObject({
      id: w.experience.id,
      group: { chatId: w.group.id, source: 'override', session: w.session.name },
    });
    const operator = await setOperatorDefaultGroup(
      t.db,
      { operatorId: w.operator.id, chatId: w.group.waId, session: w.session.name },
      admin,
    );
    expect(operator).toMatchObject({ id: w.operator.id, defaultGroup: { chatId: w.group.id } });
    const unknown = await bindExperienceGroup(
      t.db,
      { experienceId: w.experience.id, chatId: '120363000000000000@g.us', session: w.session.name },
      admin,
    ).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(NotFound);
  });

  it('unbind removes override and legacy bindings; the operator default still applies', async () => {
    const w = await world();
    await createBinding(t.db, { experienceId: w.experience.id, chatId: w.group.id, isOverride: false });
    await bindExperienceGroup(t.db, { experienceId: w.experience.id, chatId: w.group.id }, admin);
    const after = await unbindExperience(t.db, { experienceId: w.experience.id }, admin);
    expect(after.group).toMatchObject({ source: 'operator_default', chatId: w.defaultGroup.id });
    const audits = await auditsFor('experience', w.experience.id);
    expect(audits.at(-1)).toMatchObject({
      action: 'binding.unbind',
      details: { removed: [expect.anything(), expect.anything()] },
    });
  });

  it.each([
    ['an unknown chat', 'missing', NotFound, undefined],
    ['an individual chat', 'individual', Invalid, 'not_a_group'],
    ['a group on another WhatsApp number', 'otherSession', Conflict, 'other_session'],
    ['a group we left', 'left', Conflict, 'not_a_member'],
    ['a deleted group', 'deleted', Conflict, 'chat_deleted'],
  ] as const)(
    'refuses %s, for experiences and operators alike, and changes nothing',
    async (_n, kind, type, reason) => {
      const w = await world();
      const otherSession = await createSession(t.db);
      const chatId = {
        missing: 999_999,
        individual: (await createChat(t.db, { sessionId: w.session.id })).id,
        otherSession: (await createGroup(t.db, { sessionId: otherSession.id })).id,
        left: (await createGroup(t.db, { sessionId: w.session.id, weAreMember: false })).id,
        deleted: (await createGroup(t.db, { sessionId: w.session.id, deletedAt: new Date() })).id,
      }[kind];

      const onExperience = await bindExperienceGroup(
        t.db,
        { experienceId: w.experience.id, chatId },
        admin,
      ).catch((e: unknown) => e);
      expect(onExperience).toBeInstanceOf(type);
      if (reason) expect((onExperience as Conflict).details).toMatchObject({ reason });

      // Another experience of the operator has an override on our number: that puts the number "in play".
      const sibling = await createExperience(t.db, {
        organizerId: w.organizer.id,
        operatorId: w.operator.id,
      });
      await createBinding(t.db, { experienceId: sibling.id, chatId: w.group.id, isOverride: true });
      const onOperator = await setOperatorDefaultGroup(
        t.db,
        { operatorId: w.operator.id, chatId },
        admin,
      ).catch((e: unknown) => e);
      expect(onOperator).toBeInstanceOf(type);
      if (reason) expect((onOperator as Conflict).details).toMatchObject({ reason });

      expect(await resolveExperienceGroup(t.db, w.experience.id)).toMatchObject({
        source: 'operator_default',
        chat: { id: w.defaultGroup.id },
      });
      expect(await auditsFor('experience', w.experience.id)).toHaveLength(0);
    },
  );

  it('refuses an unknown experience or operator', async () => {
    const w = await world();
    await expect(
      bindExperienceGroup(t.db, { experienceId: 999_999, chatId: w.group.id }, admin),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(
      setOperatorDefaultGroup(t.db, { operatorId: 999_999, chatId: w.group.id }, admin),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(
      bindExperienceGroup(t.db, { experienceId: -1, chatId: w.group.id }, admin),
    ).rejects.toBeInstanceOf(Invalid);
  });

  it('sets and clears an operator default, previewing how many experiences follow it', async () => {
    const w = await world();
    const second = await createExperience(t.db, { organizerId: w.organizer.id, operatorId: w.operator.id });
    await createExperience(t.db, { organizerId: w.organizer.id, operatorId: w.operator.id });
    await bindExperienceGroup(t.db, { experienceId: second.id, chatId: w.group.id }, admin);

    expect(await countExperiencesAffectedByOperatorDefault(t.db, w.operator.id)).toEqual({
      total: 3,
      overridden: 1,
      affected: 2,
    });

    const newDefault = await createGroup(t.db, { sessionId: w.session.id, name: 'Nuevo default' });
    await setOperatorDefaultGroup(t.db, { operatorId: w.operator.id, chatId: newDefault.id }, admin);
    expect((await resolveExperienceGroup(t.db, w.experience.id)).chat?.name).toBe('Nuevo default');
    expect((await resolveExperienceGroup(t.db, second.id)).chat?.name).toBe('Kayak Puerto Varas');

    await clearOperatorDefaultGroup(t.db, { operatorId: w.operator.id }, admin);
    expect(await resolveExperienceGroup(t.db, w.experience.id)).toMatchObject({ source: 'none' });

    const audits = await auditsFor('operator', w.operator.id);
    expect(audits.map((a) => a.action)).toEqual([
      'operator.default_group.set',
      'operator.default_group.clear',
    ]);
    expect(audits[0]?.details).toMatchObject({
      chatId: newDefault.id,
      previousChatId: w.defaultGroup.id,
      affected: 2,
    });
  });

  it('publishes a bindings event so open dashboards refresh', async () => {
    const w = await world();
    const heard: string[] = [];
    const listener = await t.sql.listen(CHANNELS.events, (payload) => heard.push(payload));
    await bindExperienceGroup(t.db, { experienceId: w.experience.id, chatId: w.group.id }, admin);
    await expect.poll(() => heard).toContainEqual(JSON.stringify({ type: 'bindings' }));
    await listener.unlisten();
  });
});

describe('syncBindingFlags', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it('flags bindings of a group we left, reports operators using it, and clears the flag when we are back', async () => {
    const session = await createSession(t.db);
    const group = await createGroup(t.db, { sessionId: session.id, name: 'Trekking Paine' });
    const healthy = await createGroup(t.db, { sessionId: session.id });
    const operator = await createOperator(t.db, { defaultGroupChatId: group.id });
    const experience = await createExperience(t.db, { operatorId: operator.id });
    const binding = await createBinding(t.db, {
      experienceId: experience.id,
      chatId: group.id,
      isOverride: true,
    });
    const untouched = await createBinding(t.db, {
      experienceId: (await createExperience(t.db)).id,
      chatId: healthy.id,
      isOverride: true,
    });

    await t.db.update(whatsappChats).set({ weAreMember: false }).where(eq(whatsappChats.id, group.id));
    const flagged = await syncBindingFlags(t.db, [group.id, healthy.id]);
    expect(flagged.flaggedBindingIds).toEqual([binding.id]);
    expect(flagged.operatorsWithBrokenDefault).toEqual([
      { operatorId: operator.id, chatId: group.id, reason: expect.stringContaining('Trekking Paine') },
    ]);
    expect(await resolveExperienceGroup(t.db, experience.id)).toMatchObject({
      source: 'override',
      chat: { id: group.id },
      warning: { code: 'not_member' },
    });
    const [untouchedRow] = await t.db
      .select()
      .from(experienceGroupBindings)
      .where(eq(experienceGroupBindings.id, untouched.id));
    expect(untouchedRow?.flaggedAt).toBeNull();

    // Running again with nothing new changes nothing and audits nothing.
    expect((await syncBindingFlags(t.db, [group.id])).flaggedBindingIds).toEqual([]);

    await t.db.update(whatsappChats).set({ weAreMember: true }).where(eq(whatsappChats.id, group.id));
    const cleared = await syncBindingFlags(t.db, [group.id]);
    expect(cleared.clearedBindingIds).toEqual([binding.id]);
    expect((await resolveExperienceGroup(t.db, experience.id)).warning).toBeNull();

    const audits = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, String(group.id)));
    expect(audits.map((a) => [a.action, a.actorType])).toEqual([
      ['binding.flagged', 'system'],
      ['binding.unflagged', 'system'],
    ]);
  });

  it('flags bindings of a deleted group with that reason', async () => {
    const session = await createSession(t.db);
    const group = await createGroup(t.db, { sessionId: session.id, deletedAt: new Date() });
    const binding = await createBinding(t.db, {
      experienceId: (await createExperience(t.db)).id,
      chatId: group.id,
      isOverride: false,
    });
    await syncBindingFlags(t.db, [group.id]);
    const [row] = await t.db
      .select()
      .from(experienceGroupBindings)
      .where(eq(experienceGroupBindings.id, binding.id));
    expect(row?.flaggedAt).not.toBeNull();
    expect(row?.flagReason).toContain('eliminado');
  });
});
