import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BindingFacts,
  type GroupChatFacts,
  resolveExperienceGroup,
  resolveExperienceGroups,
  resolveGroup,
} from '../lib/bindings/resolve-group';
import { createTestDb, type TestDb } from './support/db';
import {
  createBinding,
  createExperience,
  createGroup,
  createOperator,
  createOrganizer,
  createSession,
} from './support/factories';

const chat = (id: number, extra: Partial<GroupChatFacts> = {}): GroupChatFacts => ({
  id,
  sessionId: 1,
  waId: `${id}@g.us`,
  name: `Grupo ${id}`,
  isGroup: true,
  weAreMember: true,
  deletedAt: null,
  ...extra,
});
const binding = (id: number, c: GroupChatFacts, flaggedAt: Date | null = null): BindingFacts => ({
  id,
  chat: c,
  flaggedAt,
  flagReason: flaggedAt ? 'Nuestro número salió del grupo.' : null,
});

const OVERRIDE = binding(1, chat(10));
const DEFAULT = chat(20);
const LEGACY = binding(3, chat(30));

describe('resolveGroup: priority', () => {
  // Every presence combination of the three candidates.
  it.each([
    { override: true, operatorDefault: true, legacy: true, source: 'override', chatId: 10 },
    { override: true, operatorDefault: true, legacy: false, source: 'override', chatId: 10 },
    { override: true, operatorDefault: false, legacy: true, source: 'override', chatId: 10 },
    { override: true, operatorDefault: false, legacy: false, source: 'override', chatId: 10 },
    { override: false, operatorDefault: true, legacy: true, source: 'operator_default', chatId: 20 },
    { override: false, operatorDefault: true, legacy: false, source: 'operator_default', chatId: 20 },
    { override: false, operatorDefault: false, legacy: true, source: 'binding', chatId: 30 },
    { override: false, operatorDefault: false, legacy: false, source: 'none', chatId: null },
  ])('override=$override default=$operatorDefault legacy=$legacy → $source', (row) => {
    const resolved = resolveGroup({
      override: row.override ? OVERRIDE : null,
      operatorDefault: row.operatorDefault ? DEFAULT : null,
      inherited: row.legacy ? LEGACY : null,
    });
    expect(resolved.source).toBe(row.source);
    expect(resolved.chat?.id ?? null).toBe(row.chatId);
    expect(resolved.warning).toBeNull();
  });
});

describe('resolveGroup: a broken group is still the answer, with a warning', () => {
  const left = chat(11, { weAreMember: false });
  const deleted = chat(12, { deletedAt: new Date() });
  // Healthy lower-priority candidates are present in each row: they must NOT be picked instead.
  it.each([
    {
      name: 'flagged override',
      facts: { override: binding(1, chat(10), new Date()), operatorDefault: DEFAULT, inherited: LEGACY },
      code: 'flagged',
      chatId: 10,
    },
    {
      name: 'override we left',
      facts: { override: binding(1, left), operatorDefault: DEFAULT, inherited: LEGACY },
      code: 'not_member',
      chatId: 11,
    },
    {
      name: 'deleted override',
      facts: { override: binding(1, deleted), operatorDefault: DEFAULT, inherited: LEGACY },
      code: 'chat_deleted',
      chatId: 12,
    },
    {
      name: 'operator default we left',
      facts: { override: null, operatorDefault: left, inherited: LEGACY },
      code: 'not_member',
      chatId: 11,
    },
    {
      name: 'deleted operator default',
      facts: { override: null, operatorDefault: deleted, inherited: LEGACY },
      code: 'chat_deleted',
      chatId: 12,
    },
    {
      name: 'flagged legacy binding',
      facts: { override: null, operatorDefault: null, inherited: binding(3, chat(30), new Date()) },
      code: 'flagged',
      chatId: 30,
    },
  ])('$name', ({ facts, code, chatId }) => {
    const resolved = resolveGroup(facts);
    expect(resolved.chat?.id).toBe(chatId);
    expect(resolved.warning?.code).toBe(code);
  });
});

describe('resolveExperienceGroups: loaded from the database', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it('applies the same priority to a batch of experiences', async () => {
    const session = await createSession(t.db);
    const [overrideGroup, defaultGroup, legacyGroup] = await Promise.all([
      createGroup(t.db, { sessionId: session.id, name: 'Override' }),
      createGroup(t.db, { sessionId: session.id, name: 'Default' }),
      createGroup(t.db, { sessionId: session.id, name: 'Legacy', weAreMember: false }),
    ]);
    const organizer = await createOrganizer(t.db);
    const withDefault = await createOperator(t.db, {
      organizerId: organizer.id,
      defaultGroupChatId: defaultGroup.id,
    });
    const withoutDefault = await createOperator(t.db, { organizerId: organizer.id });

    const overridden = await createExperience(t.db, {
      organizerId: organizer.id,
      operatorId: withDefault.id,
    });
    await createBinding(t.db, { experienceId: overridden.id, chatId: overrideGroup.id, isOverride: true });
    await createBinding(t.db, { experienceId: overridden.id, chatId: legacyGroup.id, isOverride: false });
    const byDefault = await createExperience(t.db, { organizerId: organizer.id, operatorId: withDefault.id });
    await createBinding(t.db, { experienceId: byDefault.id, chatId: legacyGroup.id, isOverride: false });
    const byLegacy = await createExperience(t.db, {
      organizerId: organizer.id,
      operatorId: withoutDefault.id,
    });
    await createBinding(t.db, { experienceId: byLegacy.id, chatId: legacyGroup.id, isOverride: false });
    const nothing = await createExperience(t.db, { organizerId: organizer.id });

    const resolved = await resolveExperienceGroups(t.db, [
      overridden.id,
      byDefault.id,
      byLegacy.id,
      nothing.id,
    ]);
    expect(resolved.get(overridden.id)).toMatchObject({ source: 'override', chat: { name: 'Override' } });
    expect(resolved.get(byDefault.id)).toMatchObject({
      source: 'operator_default',
      chat: { name: 'Default' },
    });
    expect(resolved.get(byLegacy.id)).toMatchObject({
      source: 'binding',
      chat: { name: 'Legacy' },
      warning: { code: 'not_member' },
    });
    expect(resolved.get(nothing.id)).toMatchObject({ source: 'none', chat: null });
    expect(await resolveExperienceGroup(t.db, byDefault.id)).toEqual(resolved.get(byDefault.id));
  });
});
