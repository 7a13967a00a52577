import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db';
import { whatsappSessions } from '../../db/schema';
import { publish } from '../../events/notify';

export type SessionPatch = Partial<
  Pick<
    typeof whatsappSessions.$inferInsert,
    | 'status'
    | 'qr'
    | 'qrExpiresAt'
    | 'pairingCode'
    | 'pairingPhone'
    | 'meWid'
    | 'mePhone'
    | 'pushName'
    | 'waVersion'
    | 'lastError'
    | 'consecutiveRestarts'
    | 'chromiumRssMb'
  >
> & {
  /**
   * A new QR is good for this long from now by the database's clock, the one its readers judge it by
   * (lib/whatsapp/sessions/view.ts), not by the worker's.
   */
  qrTtlSeconds?: number;
};

/** Persist a lifecycle change and announce it (dashboard badge, QR page, `session.status` webhooks). */
export async function updateSession(db: Tx, sessionId: number, patch: SessionPatch): Promise<void> {
  const { qrTtlSeconds, ...columns } = patch;
  await db
    .update(whatsappSessions)
    .set({
      ...columns,
      ...(qrTtlSeconds !== undefined
        ? { qrExpiresAt: sql`now() + make_interval(secs => ${qrTtlSeconds})` }
        : {}),
      // By the database's clock, as the heartbeat and the QR's expiry: readers compare them with its now().
      lastEventAt: sql`now()`,
    })
    .where(eq(whatsappSessions.id, sessionId));
  await publish(db, { type: 'session', sessionId });
}

/**
 * The phone a pairing by code was started for, if the number was mid-pairing when its worker stopped: a new
 * worker (a crash, a deploy, a pool take-over) must resume pairing by phone, not fall back to a QR that the
 * person holding the phone is no longer looking at.
 */
export async function pendingPairingPhone(db: Tx, sessionId: number): Promise<string | undefined> {
  const [row] = await db
    .select({ phone: whatsappSessions.pairingPhone })
    .from(whatsappSessions)
    .where(eq(whatsappSessions.id, sessionId));
  return row?.phone ?? undefined;
}
