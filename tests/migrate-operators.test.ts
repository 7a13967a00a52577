import { eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, organizers, tourOperators } from '../lib/db/schema';
import { migrateOperators, planOperatorMigration } from '../lib/operators/migrate-operators';
import { createTestDb, type TestDb } from './support/db';
import { createOperator, createOrganizer } from './support/factories';

describe('migrate-operators', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it('plans in a dry run, applies in a real run, and finds nothing on the second run', async () => {
    const byEmail = await createOrganizer(t.db, { name: 'Andes Trek SpA', email: 'contacto@andestrek.cl' });
    const byPhone = await createOrganizer(t.db, { name: 'Kayak Sur', phone: '+56 9 8123 4567' });
    const byName = await createOrganizer(t.db, { name: 'Viña Santa Cruz' });
    const ops = {
      email: await createOperator(t.db, { name: 'Andes Trek', email: 'CONTACTO@andestrek.cl', phone: null }),
      phone: await createOperator(t.db, { name: 'Kayak del Sur', phone: '981234567' }),
      name: await createOperator(t.db, { name: '  viña santa cruz ', phone: null }),
      orphanA: await createOperator(t.db, { name: 'Elqui Místico', phone: '+56 9 7000 0001' }),
      orphanB: await createOperator(t.db, { name: 'ELQUI MÍSTICO', phone: null }),
    };
    const organizersBefore = (await t.db.select().from(organizers)).length;

    const dry = await migrateOperators(t.db, { dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.plan.map((s) => [s.operatorId, s.action, s.action === 'link' ? s.matchedBy : null])).toEqual([
      [ops.email.id, 'link', 'email'],
      [ops.phone.id, 'link', 'phone'],
      [ops.name.id, 'link', 'name'],
      [ops.orphanA.id, 'create', null],
      [ops.orphanB.id, 'link', 'name'],
    ]);
    expect(await t.db.select().from(tourOperators).where(isNull(tourOperators.organizerId))).toHaveLength(5);
    expect(await t.db.select().from(organizers)).toHaveLength(organizersBefore);

    const real = await migrateOperators(t.db, { dryRun: false });
    expect(real).toMatchObject({ linked: 5, organizersCreated: 1 });
    const organizerOf = async (id: number) =>
      (await t.db.select().from(tourOperators).where(eq(tourOperators.id, id)))[0]?.organizerId;
    expect(await organizerOf(ops.email.id)).toBe(byEmail.id);
    expect(await organizerOf(ops.phone.id)).toBe(byPhone.id);
    expect(await organizerOf(ops.name.id)).toBe(byName.id);
    const created = await organizerOf(ops.orphanA.id);
    expect(created).not.toBeNull();
    expect(await organizerOf(ops.orphanB.id)).toBe(created);
    const [newOrganizer] = await t.db.select().from(organizers).where(eq(organizers.id, created!));
    expect(newOrganizer).toMatchObject({ name: 'Elqui Místico', phone: '+56 9 7000 0001', externalId: null });

    const second = await migrateOperators(t.db, {});
    expect(second).toMatchObject({ plan: [], linked: 0, organizersCreated: 0 });
    expect(await t.db.select().from(organizers)).toHaveLength(organizersBefore + 1);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'operators.migrate'))).toHaveLength(
      1,
    );
  });

  it('prefers email over phone over name', () => {
    const plan = planOperatorMigration(
      [{ id: 1, name: 'Tour X', email: 'a@x.cl', phone: '+56911111111' }],
      [
        { id: 10, name: 'Tour X', email: null, phone: null },
        { id: 11, name: 'Otro', email: null, phone: '911111111' },
        { id: 12, name: 'Otro más', email: 'A@X.cl', phone: null },
      ],
    );
    expect(plan).toEqual([
      {
        operatorId: 1,
        operatorName: 'Tour X',
        action: 'link',
        organizerRef: 12,
        organizerName: 'Otro más',
        matchedBy: 'email',
      },
    ]);
  });
});
