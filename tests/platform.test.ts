import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experienceGroupBindings, experiences, reservations, tourOperators } from '../lib/db/schema';
import { Invalid, NotFound } from '../lib/errors';
import { upsertExperience } from '../lib/platform/upsert-experience';
import { upsertOrganizer } from '../lib/platform/upsert-organizer';
import { upsertReservation } from '../lib/platform/upsert-reservation';
import { createTestDb, type TestDb } from './support/db';
import { createGroup, createOperator, createSession } from './support/factories';

describe('platform upserts and operator auto-creation', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  const operatorsOf = (organizerId: number) =>
    t.db.select().from(tourOperators).where(eq(tourOperators.organizerId, organizerId));
  const bindingsOf = (experienceId: number) =>
    t.db.select().from(experienceGroupBindings).where(eq(experienceGroupBindings.experienceId, experienceId));

  it('creates and then updates an organizer by external id', async () => {
    const first = await upsertOrganizer(t.db, 'org-patagonia', {
      name: 'Patagonia Aventura',
      email: 'Hola@PatagoniaAventura.cl',
      phone: '+56 9 8765 4321',
    });
    expect(first.created).toBe(true);
    expect(first.organizer.email).toBe('hola@patagoniaaventura.cl');
    const second = await upsertOrganizer(t.db, 'org-patagonia', { name: 'Patagonia Aventura SpA' });
    expect(second).toMatchObject({
      created: false,
      organizer: { id: first.organizer.id, name: 'Patagonia Aventura SpA' },
    });
  });

  it("creates a system operator with the organizer's first experience and reuses it for the second", async () => {
    const { organizer } = await upsertOrganizer(t.db, 'org-elqui', {
      name: 'Elqui Estrellado',
      phone: '+56 9 5555 1234',
    });
    const first = await upsertExperience(t.db, 'exp-elqui-1', {
      organizerExternalId: 'org-elqui',
      title: 'Tour astronómico',
    });
    expect(first).toMatchObject({ created: true, operatorCreated: true, bindingCreated: false });
    expect(first.operator).toMatchObject({
      name: 'Elqui Estrellado',
      phone: '+56 9 5555 1234',
      isSystemCreated: true,
    });
    expect(first.experience.operatorId).toBe(first.operator.id);

    const second = await upsertExperience(t.db, 'exp-elqui-2', {
      organizerExternalId: 'org-elqui',
      title: 'Pisco y valle',
    });
    expect(second).toMatchObject({ created: true, operatorCreated: false });
    expect(second.experience.operatorId).toBe(first.operator.id);
    expect(await operatorsOf(organizer.id)).toHaveLength(1);
  });

  it('assigns an existing (non-system) operator instead of creating one', async () => {
    const { organizer } = await upsertOrganizer(t.db, 'org-legacy', { name: 'Legado Tours' });
    const legacy = await createOperator(t.db, { organizerId: organizer.id, name: 'Legado Tours (manual)' });
    const result = await upsertExperience(t.db, 'exp-legacy-1', {
      organizerExternalId: 'org-legacy',
      title: 'City tour',
    });
    expect(result).toMatchObject({ operatorCreated: false, operator: { id: legacy.id } });
    expect(await operatorsOf(organizer.id)).toHaveLength(1);
  });

  it("binds new experiences to the operator's default group, once, however many times it runs", async () => {
    const session = await createSession(t.db);
    const group = await createGroup(t.db, { sessionId: session.id, name: 'Reservas Colchagua' });
    const { organizer } = await upsertOrganizer(t.db, 'org-colchagua', { name: 'Viñas de Colchagua' });
    await createOperator(t.db, { organizerId: organizer.id, defaultGroupChatId: group.id });

    const input = { organizerExternalId: 'org-colchagua', title: 'Degustación de vinos' };
    const first = await upsertExperience(t.db, 'exp-colchagua-1', input);
    expect(first).toMatchObject({ created: true, bindingCreated: true });
    const again = await upsertExperience(t.db, 'exp-colchagua-1', { ...input, title: 'Degustación premium' });
    expect(again).toMatchObject({ created: false, bindingCreated: false, operatorCreated: false });
    expect(again.experience.title).toBe('Degustación premium');

    const bindings = await bindingsOf(first.experience.id);
    expect(bindings).toHaveLength(1);
    expect(bindings[0]).toMatchObject({ chatId: group.id, isOverride: false });
    expect(await operatorsOf(organizer.id)).toHaveLength(1);
  });

  it('does not create a second system operator when another transaction creates one first', async () => {
    const { organizer } = await upsertOrganizer(t.db, 'org-race', { name: 'Carrera Austral' });
    // Transaction A inserts the system operator and stays open; B (our verb) cannot see it yet.
    let inserted!: () => void;
    let release!: () => void;
    const insertedA = new Promise<void>((r) => {
      inserted = r;
    });
    const holdA = new Promise<void>((r) => {
      release = r;
    });
    const transactionA = t.sql.begin(async (sql) => {
      await sql`insert into tour_operators (organizer_id, name, is_system_created)
                values (${organizer.id}, 'Operador de A', true)`;
      inserted();
      await holdA;
    });
    await insertedA;
    const callB = upsertExperience(t.db, 'exp-race-b', { organizerExternalId: 'org-race', title: 'Kayak B' });
    // B's insert waits on A's uncommitted row in the unique index; then A commits.
    await expect
      .poll(async () => {
        const [row] = await t.sql`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`;
        return row?.n;
      })
      .toBe(1);
    release();
    await transactionA;
    const b = await callB;
    expect(b).toMatchObject({ operatorCreated: false, operator: { name: 'Operador de A' } });
    expect(await operatorsOf(organizer.id)).toHaveLength(1);
  });

  it('creates one experience when the same call runs twice at once', async () => {
    const { organizer } = await upsertOrganizer(t.db, 'org-twice', { name: 'Dos Veces' });
    const input = { organizerExternalId: 'org-twice', title: 'Trekking Torres del Paine' };
    await Promise.all([
      upsertExperience(t.db, 'exp-twice', input),
      upsertExperience(t.db, 'exp-twice', input),
    ]);
    expect(await operatorsOf(organizer.id)).toHaveLength(1);
    expect(
      await t.db.select().from(experiences).where(eq(experiences.organizerId, organizer.id)),
    ).toHaveLength(1);
  });

  it('refuses an unknown organizer and invalid input', async () => {
    await expect(
      upsertExperience(t.db, 'exp-x', { organizerExternalId: 'org-nope', title: 'Nada' }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(
      upsertExperience(t.db, 'exp-x', { organizerExternalId: 'org-elqui', title: '' }),
    ).rejects.toBeInstanceOf(Invalid);
    await expect(upsertOrganizer(t.db, 'con espacios', { name: 'X' })).rejects.toBeInstanceOf(Invalid);
  });

  it('stores reservation codes upper case and updates them by code', async () => {
    await upsertOrganizer(t.db, 'org-sur', { name: 'Sur Profundo' });
    await upsertExperience(t.db, 'exp-sur', {
      organizerExternalId: 'org-sur',
      title: 'Kayak en Puerto Varas',
    });
    const first = await upsertReservation(t.db, 'res-7kq2m', {
      experienceExternalId: 'exp-sur',
      externalId: 'booking-1',
      customerName: 'Camila Rojas',
      customerPhone: '+56 9 1234 5678',
      date: '2026-12-20',
      partySize: 3,
    });
    expect(first).toMatchObject({ created: true, reservation: { code: 'RES-7KQ2M', partySize: 3 } });
    const second = await upsertReservation(t.db, 'RES-7KQ2M', {
      experienceExternalId: 'exp-sur',
      customerName: 'Camila Rojas',
      partySize: 4,
    });
    expect(second).toMatchObject({ created: false, reservation: { partySize: 4, externalId: 'booking-1' } });
    expect(await t.db.select().from(reservations)).toHaveLength(1);
    await expect(
      upsertReservation(t.db, 'RES-ZZZ9', { experienceExternalId: 'exp-nope', customerName: 'X' }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(
      upsertReservation(t.db, 'RES-ZZZ9', {
        experienceExternalId: 'exp-sur',
        customerName: 'X',
        date: '20-12-2026',
      }),
    ).rejects.toBeInstanceOf(Invalid);
  });
});
