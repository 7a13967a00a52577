import { eq, getTableColumns, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db';
import { preparedOnce } from '../../db/prepared';
import { whatsappSessions } from '../../db/schema';
import { NotFound } from '../../errors';
import { parseInput } from '../../errors/parse';
import { type PoolSnapshot, waitingReason } from './pool';
import { isConnected, NEEDS_HUMAN } from './status';

export const sessionNameSchema = z
  .string()
  .regex(/^[-_A-Za-z0-9]{1,64}$/, 'letters, digits, - and _ only (1-64 characters)');

/**
 * A session row with the database's time of the read (`readAt`). Its heartbeat and lease are written with
 * the database's `now()` by whichever worker holds it, so whether that worker is alive is judged by the
 * same clock: a web host whose clock runs a minute ahead must not call every worker dead.
 */
export const sessionColumnsWithClock = {
  ...getTableColumns(whatsappSessions),
  readAt: sql<Date>`now()`.mapWith(whatsappSessions.heartbeatAt),
};
export type SessionRead = typeof whatsappSessions.$inferSelect & { readAt: Date };

const sessionByName = preparedOnce((db: Tx) =>
  db
    .select(sessionColumnsWithClock)
    .from(whatsappSessions)
    .where(eq(whatsappSessions.name, sql.placeholder('name')))
    .prepare('session_by_name'),
);

/** Every session-scoped API request starts here (status, chats, groups…): its query is prepared once. */
export async function findSessionByName(db: Tx, name: string): Promise<SessionRead> {
  const parsed = parseInput(sessionNameSchema, name, 'Invalid session name.');
  const [row] = await sessionByName(db).execute({ name: parsed });
  if (!row)
    throw new NotFound(
      `No WhatsApp session "${parsed}": add it on the dashboard or with POST /api/v1/superadmin/whatsapp/sessions/.`,
      { session: parsed },
    );
  return row;
}

const qrIsLive = (row: SessionRead) =>
  row.status === 'qr' && row.qr !== null && (row.qrExpiresAt === null || row.qrExpiresAt > row.readAt);

/**
 * The connection as an admin or a client sees it: the session row plus whether its worker is alive (a
 * heartbeat newer than `staleSeconds`), judged at the row's `readAt`. No QR and no pairing code here — those
 * are credentials (getSessionQr).
 */
export function presentSessionStatus(
  row: SessionRead,
  options: { staleSeconds: number; pool?: PoolSnapshot },
) {
  const now = row.readAt;
  const leaseLive = row.leaseOwner !== null && row.leaseExpiresAt !== null && row.leaseExpiresAt > now;
  const running = row.desiredState === 'running' && row.deletedAt === null;
  const alive =
    row.heartbeatAt !== null && now.getTime() - row.heartbeatAt.getTime() <= options.staleSeconds * 1000;
  const poolSession = options.pool?.sessions.find((s) => s.id === row.id);
  const waiting = options.pool && poolSession ? waitingReason(options.pool, poolSession) : null;
  return {
    session: row.name,
    label: row.label,
    desiredState: row.desiredState,
    /** Why a number that should run has no worker: every worker is full, or none is alive. */
    waiting: waiting
      ? {
          reason: waiting.reason,
          message:
            waiting.reason === 'workers_full'
              ? `Every worker is full (${waiting.capacity} numbers in all): this number waits for a worker with room.`
              : 'No worker is running: this number starts when one does.',
        }
      : null,
    status: row.status,
    connected: isConnected(row.status),
    needsAction: NEEDS_HUMAN.includes(row.status),
    phone: row.mePhone,
    wid: row.meWid,
    pushName: row.pushName,
    qrAvailable: qrIsLive(row),
    pairingCodeAvailable: row.status === 'pairing' && row.pairingCode !== null,
    lastEventAt: row.lastEventAt,
    lastError: row.lastError,
    waVersion: row.waVersion,
    consecutiveRestarts: row.consecutiveRestarts,
    worker: {
      alive,
      /** The machine running it (the lease holder's host), while one does. */
      host: running && leaseLive ? (row.leaseOwner?.split(':')[0] ?? null) : null,
      heartbeatAt: row.heartbeatAt,
      leaseExpiresAt: row.leaseExpiresAt,
      workerRssMb: row.workerRssMb,
      chromiumRssMb: row.chromiumRssMb,
    },
  };
}

/** The QR to scan (or pairing code to type) while the session waits for one; nulls otherwise. */
export async function getSessionQr(db: Tx, input: { name: string }) {
  const row = await findSessionByName(db, input.name);
  const live = qrIsLive(row);
  return {
    session: row.name,
    status: row.status,
    qr: live ? row.qr : null,
    expiresAt: live ? row.qrExpiresAt : null,
    pairingCode: row.status === 'pairing' ? row.pairingCode : null,
  };
}
