import { eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db';
import { whatsappSessions } from '../../db/schema';
import { type SessionRead, sessionColumnsWithClock } from './view';

/**
 * The session row for a WhatsApp number, created on first use. `runByPool: false` creates it stopped for the
 * worker pool: a number an external gateway reports is run by that gateway, never by our workers.
 */
export async function ensureSession(
  db: Tx,
  name: string,
  options: { runByPool?: boolean } = {},
): Promise<SessionRead> {
  await db
    .insert(whatsappSessions)
    .values({ name, desiredState: options.runByPool === false ? 'stopped' : 'running' })
    .onConflictDoNothing();
  const [row] = await db
    .select(sessionColumnsWithClock)
    .from(whatsappSessions)
    .where(eq(whatsappSessions.name, name));
  if (!row) throw new Error(`session ${name} vanished right after being created`);
  return row;
}

/**
 * Take or renew the lease of a session. Succeeds when nobody holds it, we already hold it, or the holder
 * stopped renewing (expired), and the number should run (not stopped or deleted from the dashboard). Exactly
 * one worker per WhatsApp number runs the client.
 */
export async function acquireLease(
  db: Tx,
  sessionId: number,
  owner: string,
  leaseSeconds: number,
): Promise<boolean> {
  const rows = await db
    .update(whatsappSessions)
    .set({
      leaseOwner: owner,
      leaseExpiresAt: sql`now() + make_interval(secs => ${leaseSeconds})`,
      heartbeatAt: sql`now()`,
    })
    .where(
      sql`${whatsappSessions.id} = ${sessionId} and ${whatsappSessions.desiredState} = 'running' and ${whatsappSessions.deletedAt} is null and (${whatsappSessions.leaseOwner} is null or ${whatsappSessions.leaseOwner} = ${owner} or ${whatsappSessions.leaseExpiresAt} < now())`,
    )
    .returning({ id: whatsappSessions.id });
  return rows.length === 1;
}

/** Renew only if we still hold it; false means another worker took over and we must stop the client. */
export async function renewLease(
  db: Tx,
  sessionId: number,
  owner: string,
  leaseSeconds: number,
  stats: { workerRssMb?: number; chromiumRssMb?: number | null } = {},
): Promise<boolean> {
  const rows = await db
    .update(whatsappSessions)
    .set({
      leaseExpiresAt: sql`now() + make_interval(secs => ${leaseSeconds})`,
      heartbeatAt: sql`now()`,
      ...(stats.workerRssMb !== undefined ? { workerRssMb: stats.workerRssMb } : {}),
      ...(stats.chromiumRssMb !== undefined ? { chromiumRssMb: stats.chromiumRssMb } : {}),
    })
    .where(sql`${whatsappSessions.id} = ${sessionId} and ${whatsappSessions.leaseOwner} = ${owner}`)
    .returning({ id: whatsappSessions.id });
  return rows.length === 1;
}

export async function releaseLease(db: Tx, sessionId: number, owner: string): Promise<void> {
  await db
    .update(whatsappSessions)
    .set({ leaseOwner: null, leaseExpiresAt: null })
    .where(sql`${whatsappSessions.id} = ${sessionId} and ${whatsappSessions.leaseOwner} = ${owner}`);
}

/** Every WhatsApp number of this installation (deleted ones left out), for the dashboard's switcher. */
export async function listSessions(db: Tx) {
  return db
    .select({
      id: whatsappSessions.id,
      name: whatsappSessions.name,
      label: whatsappSessions.label,
      status: whatsappSessions.status,
      mePhone: whatsappSessions.mePhone,
      pushName: whatsappSessions.pushName,
    })
    .from(whatsappSessions)
    .where(isNull(whatsappSessions.deletedAt))
    .orderBy(whatsappSessions.name);
}
