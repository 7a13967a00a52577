import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db';
import { whatsappSessions } from '../../db/schema';
import { NotFound } from '../../errors';
import { parseInput } from '../../errors/parse';
import { isConnected, NEEDS_HUMAN } from './status';

export const sessionNameSchema = z
  .string()
  .regex(/^[-_A-Za-z0-9]{1,64}$/, 'letters, digits, - and _ only (1-64 characters)');

export async function findSessionByName(db: Tx, name: string) {
  const parsed = parseInput(sessionNameSchema, name, 'Invalid session name.');
  const [row] = await db.select().from(whatsappSessions).where(eq(whatsappSessions.name, parsed));
  if (!row)
    throw new NotFound(`No WhatsApp session "${parsed}" yet: it appears when its worker first starts.`, {
      session: parsed,
    });
  return row;
}

type SessionRow = typeof whatsappSessions.$inferSelect;

const qrIsLive = (row: SessionRow, now: Date) =>
  row.status === 'qr' && row.qr !== null && (row.qrExpiresAt === null || row.qrExpiresAt > now);

/**
 * The connection as an admin or a client sees it: the session row plus whether its worker is alive (a
 * heartbeat newer than `staleSeconds`). No QR and no pairing code here — those are credentials (getSessionQr).
 */
export function presentSessionStatus(row: SessionRow, options: { staleSeconds: number; now?: Date }) {
  const now = options.now ?? new Date();
  const alive =
    row.heartbeatAt !== null && now.getTime() - row.heartbeatAt.getTime() <= options.staleSeconds * 1000;
  return {
    session: row.name,
    status: row.status,
    connected: isConnected(row.status),
    needsAction: NEEDS_HUMAN.includes(row.status),
    phone: row.mePhone,
    wid: row.meWid,
    pushName: row.pushName,
    qrAvailable: qrIsLive(row, now),
    pairingCodeAvailable: row.status === 'pairing' && row.pairingCode !== null,
    lastEventAt: row.lastEventAt,
    lastError: row.lastError,
    waVersion: row.waVersion,
    consecutiveRestarts: row.consecutiveRestarts,
    worker: {
      alive,
      heartbeatAt: row.heartbeatAt,
      leaseExpiresAt: row.leaseExpiresAt,
      workerRssMb: row.workerRssMb,
      chromiumRssMb: row.chromiumRssMb,
    },
  };
}

/** The QR to scan (or pairing code to type) while the session waits for one; nulls otherwise. */
export async function getSessionQr(db: Tx, input: { name: string; now?: Date }) {
  const row = await findSessionByName(db, input.name);
  const now = input.now ?? new Date();
  const live = qrIsLive(row, now);
  return {
    session: row.name,
    status: row.status,
    qr: live ? row.qr : null,
    expiresAt: live ? row.qrExpiresAt : null,
    pairingCode: row.status === 'pairing' ? row.pairingCode : null,
  };
}
