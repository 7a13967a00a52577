import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experiences, organizers, reservations, tourOperators } from '../lib/db/schema';
import { demoReservations, seedDemoData } from '../lib/demo/seed-data';
import { migrateOperators } from '../lib/operators/migrate-operators';
import { detectCodes } from '../lib/reservations/detect-codes';
import { createTestDb, type TestDb } from './support/db';

describe('demo seed', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  const count = async (
    table: typeof organizers | typeof experiences | typeof tourOperators | typeof reservations,
  ) => (await t.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]?.n;

  it('loads the catalogue once, however many times it runs', async () => {
    const first = await seedDemoData(t.db);
    expect(first).toEqual({
      organizers: 5,
      experiences: 50,
      operatorsCreated: 5,
      legacyOperatorsCreated: 2,
      reservations: 100,
    });
    const second = await seedDemoData(t.db);
    expect(second).toMatchObject({ operatorsCreated: 0, legacyOperatorsCreated: 0 });
    expect(await count(organizers)).toBe(5);
    expect(await count(experiences)).toBe(50);
    expect(await count(tourOperators)).toBe(7);
    expect(await count(reservations)).toBe(100);

    const [kayak] = await t.db
      .select()
      .from(experiences)
      .where(eq(experiences.title, 'Kayak en Puerto Varas'));
    expect(kayak?.operatorId).not.toBeNull();
  });

  it('uses codes the default detector finds in a customer message', () => {
    for (const { code } of demoReservations())
      expect(detectCodes(`Hola, mi reserva es ${code}.`)).toEqual([code]);
  });

  it('gives migrate-operators something to link and something to create, and stays linked after re-seeding', async () => {
    const result = await migrateOperators(t.db, {});
    expect(result.plan.map((s) => [s.operatorName, s.action])).toEqual([
      ['Patagonia Senderos Ltda.', 'link'],
      ['Chiloé Mágico', 'create'],
    ]);
    await seedDemoData(t.db);
    expect(await count(tourOperators)).toBe(7);
    expect((await migrateOperators(t.db, { dryRun: true })).plan).toEqual([]);
  });
});
