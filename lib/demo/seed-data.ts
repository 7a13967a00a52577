import { sql } from 'drizzle-orm';
import type { Tx } from '../db';
import { tourOperators } from '../db/schema';
import { upsertExperience } from '../platform/upsert-experience';
import { upsertOrganizer } from '../platform/upsert-organizer';
import { upsertReservation } from '../platform/upsert-reservation';
import { DEMO_CUSTOMERS, DEMO_LEGACY_OPERATORS, DEMO_ORGANIZERS } from './catalog';

/** Letters and digits that cannot be misread when a customer types them (no 0/O, 1/I/L). */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const RESERVATIONS_PER_EXPERIENCE = 2;

/** A small deterministic PRNG: the same seed gives the same codes, so re-seeding updates instead of adding. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoReservation {
  code: string;
  experienceExternalId: string;
  customerName: string;
  customerPhone: string;
  partySize: number;
  /** Days from the seeding day: the demo always shows upcoming trips. */
  daysAhead: number;
  status: 'pending' | 'confirmed';
}

/** Every demo reservation, deterministic: e2e tests import this to know which codes exist. */
export function demoReservations(): DemoReservation[] {
  const random = mulberry32(20_261_127);
  const pick = (n: number) => Math.floor(random() * n);
  const out: DemoReservation[] = [];
  const seen = new Set<string>();
  for (const organizer of DEMO_ORGANIZERS) {
    organizer.experiences.forEach((_, index) => {
      for (let r = 0; r < RESERVATIONS_PER_EXPERIENCE; r++) {
        let code: string;
        do {
          code = `RES-${Array.from({ length: 5 }, () => CODE_ALPHABET[pick(CODE_ALPHABET.length)]).join('')}`;
        } while (seen.has(code));
        seen.add(code);
        out.push({
          code,
          experienceExternalId: demoExperienceId(organizer.externalId, index),
          customerName: DEMO_CUSTOMERS[pick(DEMO_CUSTOMERS.length)]!,
          customerPhone: `+56 9 ${3000 + pick(6999)} ${1000 + pick(8999)}`,
          partySize: 1 + pick(6),
          daysAhead: 1 + pick(60),
          status: pick(4) === 0 ? 'confirmed' : 'pending',
        });
      }
    });
  }
  return out;
}

export function demoExperienceId(organizerExternalId: string, index: number) {
  return `${organizerExternalId.replace('demo-org-', 'demo-exp-')}-${String(index + 1).padStart(2, '0')}`;
}

function isoDay(daysAhead: number, today: Date) {
  const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + daysAhead));
  return day.toISOString().slice(0, 10);
}

export interface SeedSummary {
  organizers: number;
  experiences: number;
  operatorsCreated: number;
  legacyOperatorsCreated: number;
  reservations: number;
}

/**
 * Loads the demo catalogue through the same platform verbs the API uses, so auto-creation of operators runs
 * as it would in production. Idempotent: a second run updates the same rows and creates nothing.
 */
export async function seedDemoData(db: Tx, options: { today?: Date } = {}): Promise<SeedSummary> {
  const today = options.today ?? new Date();
  return db.transaction(async (tx) => {
    const summary: SeedSummary = {
      organizers: 0,
      experiences: 0,
      operatorsCreated: 0,
      legacyOperatorsCreated: 0,
      reservations: 0,
    };
    for (const organizer of DEMO_ORGANIZERS) {
      const { externalId, experiences, ...data } = organizer;
      await upsertOrganizer(tx, externalId, data);
      summary.organizers++;
      for (const [index, title] of experiences.entries()) {
        const result = await upsertExperience(tx, demoExperienceId(externalId, index), {
          organizerExternalId: externalId,
          title,
        });
        summary.experiences++;
        if (result.operatorCreated) summary.operatorsCreated++;
      }
    }
    for (const legacy of DEMO_LEGACY_OPERATORS) {
      // Matched by name: once migrate-operators links it to an organizer it must not be inserted again.
      const inserted = await tx.execute(sql`
        insert into ${tourOperators} (name, email, phone)
        select ${legacy.name}, ${legacy.email}, ${legacy.phone}
        where not exists (select 1 from ${tourOperators} where lower(name) = lower(${legacy.name}))`);
      summary.legacyOperatorsCreated += inserted.count;
    }
    for (const { code, daysAhead, ...reservation } of demoReservations()) {
      await upsertReservation(tx, code, { ...reservation, date: isoDay(daysAhead, today) });
      summary.reservations++;
    }
    return summary;
  });
}
