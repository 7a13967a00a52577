import { asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, SYSTEM_ACTOR } from '../audit/actor';
import { recordAudit } from '../audit/record';
import type { Tx } from '../db';
import { organizers, tourOperators } from '../db/schema';
import { parseInput } from '../errors/parse';

/**
 * `migrate-operators`: legacy tour operators were created before operators belonged to organizers. Each one
 * without an organizer is linked to the organizer that matches it (same email, else same phone, else the same
 * name ignoring case), or to a new organizer made from its own data when nothing matches. Linked operators
 * drop out of the next plan, so running it again does nothing.
 */
interface Party {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
}

export type MatchedBy = 'email' | 'phone' | 'name';

export type MigrationStep =
  | {
      operatorId: number;
      operatorName: string;
      action: 'link';
      organizerRef: number;
      organizerName: string;
      matchedBy: MatchedBy;
    }
  | {
      operatorId: number;
      operatorName: string;
      action: 'create';
      organizerRef: number;
      organizerName: string;
    };

const emailKey = (p: Party) => p.email?.trim().toLowerCase() || null;
const nameKey = (p: Party) => p.name.trim().toLowerCase();
/** "+56 9 1234 5678", "56912345678" and "912345678" are the same Chilean mobile: compare the last 9 digits. */
const phoneKey = (p: Party) => {
  const digits = p.phone?.replace(/\D/g, '') ?? '';
  return digits.length >= 8 ? digits.slice(-9) : null;
};

function findMatch(
  operator: Party,
  candidates: readonly Party[],
): { organizer: Party; by: MatchedBy } | null {
  const keys: [MatchedBy, (p: Party) => string | null][] = [
    ['email', emailKey],
    ['phone', phoneKey],
    ['name', nameKey],
  ];
  for (const [by, key] of keys) {
    const wanted = key(operator);
    if (!wanted) continue;
    const organizer = candidates.find((c) => key(c) === wanted);
    if (organizer) return { organizer, by };
  }
  return null;
}

/**
 * Pure planning over loaded rows. An organizer the plan creates is a candidate for the operators after it
 * (two legacy operators with the same name end up under one new organizer); such planned organizers carry
 * negative refs until they exist.
 */
export function planOperatorMigration(
  operators: readonly Party[],
  existing: readonly Party[],
): MigrationStep[] {
  const candidates = [...existing].sort((a, b) => a.id - b.id);
  const steps: MigrationStep[] = [];
  for (const operator of [...operators].sort((a, b) => a.id - b.id)) {
    const match = findMatch(operator, candidates);
    const base = { operatorId: operator.id, operatorName: operator.name };
    if (match) {
      steps.push({
        ...base,
        action: 'link',
        organizerRef: match.organizer.id,
        organizerName: match.organizer.name,
        matchedBy: match.by,
      });
      continue;
    }
    const planned: Party = { ...operator, id: -(steps.length + 1) };
    candidates.push(planned);
    steps.push({ ...base, action: 'create', organizerRef: planned.id, organizerName: operator.name });
  }
  return steps;
}

export const migrateOperatorsInput = z.object({ dryRun: z.boolean().default(false) });

export interface MigrationResult {
  dryRun: boolean;
  plan: MigrationStep[];
  linked: number;
  organizersCreated: number;
}

export async function migrateOperators(
  db: Tx,
  input: z.input<typeof migrateOperatorsInput> = {},
  actor: Actor = SYSTEM_ACTOR,
): Promise<MigrationResult> {
  const { dryRun } = parseInput(migrateOperatorsInput, input);
  return db.transaction(async (tx) => {
    // Locking the unlinked operators makes a concurrent run wait and then find nothing left to do.
    const pending = await tx
      .select({
        id: tourOperators.id,
        name: tourOperators.name,
        email: tourOperators.email,
        phone: tourOperators.phone,
      })
      .from(tourOperators)
      .where(isNull(tourOperators.organizerId))
      .orderBy(asc(tourOperators.id))
      .for('update');
    const existing = await tx
      .select({ id: organizers.id, name: organizers.name, email: organizers.email, phone: organizers.phone })
      .from(organizers);
    const plan = planOperatorMigration(pending, existing);
    const result: MigrationResult = { dryRun, plan, linked: 0, organizersCreated: 0 };
    if (dryRun || plan.length === 0) return result;

    const realIds = new Map<number, number>();
    for (const step of plan) {
      if (step.action === 'create') {
        const source = pending.find((p) => p.id === step.operatorId)!;
        const [created] = await tx
          .insert(organizers)
          .values({ name: source.name, email: source.email?.toLowerCase() ?? null, phone: source.phone })
          .returning({ id: organizers.id });
        realIds.set(step.organizerRef, created!.id);
        result.organizersCreated++;
      }
      const organizerId = step.organizerRef < 0 ? realIds.get(step.organizerRef)! : step.organizerRef;
      await tx.update(tourOperators).set({ organizerId }).where(eq(tourOperators.id, step.operatorId));
      result.linked++;
    }
    await recordAudit(tx, {
      actor,
      action: 'operators.migrate',
      targetType: 'operator',
      details: { linked: result.linked, organizersCreated: result.organizersCreated, plan },
    });
    return result;
  });
}
