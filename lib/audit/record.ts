import type { Tx } from '../db';
import { auditLog } from '../db/schema';
import type { Actor } from './actor';

export interface AuditEntry {
  actor: Actor;
  /** Dotted verb, area first: `binding.override`, `settings.update`. */
  action: string;
  targetType?: string;
  targetId?: string | number;
  details?: Record<string, unknown>;
}

/**
 * Appends to the audit log. Callers pass their transaction so the entry commits (or rolls back) with the change
 * it describes: the log never claims a change that did not happen.
 */
export async function recordAudit(db: Tx, entry: AuditEntry) {
  const [row] = await db
    .insert(auditLog)
    .values({
      actorType: entry.actor.type,
      actorId: entry.actor.id ?? null,
      actorLabel: entry.actor.label ?? null,
      ip: entry.actor.ip ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId === undefined ? null : String(entry.targetId),
      details: entry.details ?? null,
    })
    .returning();
  return row!;
}
