import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../audit/actor';
import { recordAudit } from '../../audit/record';
import type { Db, Tx } from '../../db';
import { whatsappSessions } from '../../db/schema';
import { Conflict, NotFound } from '../../errors';
import { parseInput } from '../../errors/parse';
import { publish } from '../../events/notify';
import { createLogger } from '../../log';
import { deleteUnreferencedBlobs } from '../../media/orphans';
import { queueSessionAction } from './control';
import { withdrawQueuedCommands } from './leftover-commands';
import { readPool } from './pool';
import type { SessionDesiredState } from './status';
import { presentSessionStatus, type SessionRead, sessionColumnsWithClock, sessionNameSchema } from './view';

/**
 * The numbers of the installation, managed from Conexión and the API: add, label, start, stop, restart, sign
 * out, delete. Start and stop only change the desired state: the worker pool reacts (NOTIFY `pool`, polling
 * as fallback) by claiming the number or releasing it and closing its client. Every change is audited.
 */

const log = createLogger('sessions');

const label = z.string().trim().min(1).max(80);
export const createSessionInput = z.object({
  name: sessionNameSchema,
  label: label.optional(),
  /** Start it right away (the default): a worker with room claims it and shows its QR. */
  start: z.boolean().default(true),
});
export const updateSessionInput = z.object({ label: label.nullable() }).strict();
export const deleteSessionInput = z.object({
  /**
   * `keep`: its chats, messages and files stay, read-only (nothing can be sent); `purge`: they are deleted with
   * it. Either way a linked, running number is signed out of WhatsApp.
   */
  messages: z.enum(['keep', 'purge']),
});

type SessionRow = typeof whatsappSessions.$inferSelect;

/** A number that exists and was not deleted; 404 otherwise (a deleted number only keeps its chats readable). */
export async function findLiveSession(db: Tx, name: string): Promise<SessionRead> {
  const parsed = parseInput(sessionNameSchema, name, 'Invalid session name.');
  const [row] = await db
    .select(sessionColumnsWithClock)
    .from(whatsappSessions)
    .where(and(eq(whatsappSessions.name, parsed), isNull(whatsappSessions.deletedAt)));
  if (!row) throw new NotFound(`No WhatsApp number "${parsed}".`, { session: parsed });
  return row;
}

/** Every number (deleted ones left out) as the list on Conexión shows it, with why a number waits, if it does. */
export async function listSessionViews(db: Tx, options: { staleSeconds: number; leaseSeconds: number }) {
  const [rows, pool] = await Promise.all([
    db
      .select(sessionColumnsWithClock)
      .from(whatsappSessions)
      .where(isNull(whatsappSessions.deletedAt))
      .orderBy(whatsappSessions.name),
    readPool(db, options.leaseSeconds),
  ]);
  return rows.map((row) => presentSessionStatus(row, { staleSeconds: options.staleSeconds, pool }));
}

export async function getSessionView(
  db: Tx,
  name: string,
  options: { staleSeconds: number; leaseSeconds: number },
) {
  const row = await findLiveSession(db, name);
  return presentSessionStatus(row, {
    staleSeconds: options.staleSeconds,
    pool: await readPool(db, options.leaseSeconds),
  });
}

export async function createSession(db: Tx, input: z.input<typeof createSessionInput>, actor: Actor) {
  const parsed = parseInput(createSessionInput, input, 'Invalid WhatsApp number.');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(whatsappSessions)
      .values({
        name: parsed.name,
        label: parsed.label ?? null,
        desiredState: parsed.start ? 'running' : 'stopped',
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      const [existing] = await tx
        .select({ deletedAt: whatsappSessions.deletedAt })
        .from(whatsappSessions)
        .where(eq(whatsappSessions.name, parsed.name));
      throw new Conflict(
        existing?.deletedAt
          ? `A deleted number keeps the name "${parsed.name}" for its read-only chats; choose another name.`
          : `There is already a WhatsApp number named "${parsed.name}".`,
        { session: parsed.name },
      );
    }
    await recordAudit(tx, {
      actor,
      action: 'session.create',
      targetType: 'whatsapp_session',
      targetId: row.id,
      details: { name: row.name, label: row.label, start: parsed.start },
    });
    await announce(tx, row.id);
    return row;
  });
}

/** What a change did to a number: the audit's action and details (its name is added), and who hears of it. */
interface Transition<T> {
  action: string;
  details: Record<string, unknown>;
  result: T;
  /** `pool`: workers re-read the pool and dashboards refresh; `dashboard`: dashboards only. */
  announce: 'pool' | 'dashboard';
}

/**
 * The frame every change to an existing number shares: in one transaction the number is found (404 when
 * deleted), changed, audited under its name and announced, so no verb forgets a step.
 */
function changeLiveSession<T>(
  db: Tx,
  name: string,
  actor: Actor,
  change: (tx: Tx, row: SessionRow) => Promise<Transition<T>>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const row = await findLiveSession(tx, name);
    const done = await change(tx, row);
    await recordAudit(tx, {
      actor,
      action: done.action,
      targetType: 'whatsapp_session',
      targetId: row.id,
      details: { name: row.name, ...done.details },
    });
    if (done.announce === 'pool') await announce(tx, row.id);
    else await publish(tx, { type: 'session', sessionId: row.id });
    return done.result;
  });
}

export async function updateSessionLabel(
  db: Tx,
  name: string,
  input: z.input<typeof updateSessionInput>,
  actor: Actor,
) {
  const parsed = parseInput(updateSessionInput, input, 'Invalid WhatsApp number change.');
  return changeLiveSession(db, name, actor, async (tx, row) => {
    const [updated] = await tx
      .update(whatsappSessions)
      .set({ label: parsed.label })
      .where(eq(whatsappSessions.id, row.id))
      .returning();
    return {
      action: 'session.rename',
      details: { from: row.label, to: parsed.label },
      result: updated!,
      announce: 'dashboard',
    };
  });
}

/** Start or stop a number: the pool claims it, or releases it and closes its client, within seconds. */
export async function setSessionDesiredState(
  db: Tx,
  name: string,
  desiredState: SessionDesiredState,
  actor: Actor,
) {
  return changeLiveSession(db, name, actor, async (tx, row) => {
    const [updated] = await tx
      .update(whatsappSessions)
      .set({ desiredState, ...(desiredState === 'running' ? { consecutiveRestarts: 0 } : {}) })
      .where(eq(whatsappSessions.id, row.id))
      .returning();
    return {
      action: desiredState === 'running' ? 'session.start' : 'session.stop',
      details: { was: row.desiredState },
      result: updated!,
      announce: 'pool',
    };
  });
}

/** Restart the client or sign the number out of WhatsApp: a command for the worker that runs it. */
export async function queueSessionCommand(db: Tx, name: string, action: 'restart' | 'logout', actor: Actor) {
  return db.transaction(async (tx) => {
    const row = await findLiveSession(tx, name);
    if (row.desiredState !== 'running')
      throw new Conflict(`The number "${row.name}" is stopped: start it first.`, { session: row.name });
    return queueSessionAction(tx, row, { action }, actor);
  });
}

/**
 * Delete a number. Its worker releases it and closes the client either way, signing the device out of
 * WhatsApp first when it is linked and running (it leaves the phone's Linked devices; whatsapp-web.js also
 * deletes its browser profile), and the worker removes the profile it kept on disk. A number deleted while
 * stopped has no client to sign out with: it stays in the phone's Linked devices until removed there.
 * `keep`: the row stays, marked deleted, so its chats and messages remain readable (`?session=NAME`) and
 * nothing can be sent from it; its files stay too. `purge`: the row goes and with it (ON DELETE CASCADE) its
 * chats, messages, contacts and commands, and then the files only it had (bytes in PostgreSQL or S3; a file
 * another number also received stays).
 */
export async function deleteSession(
  db: Db,
  name: string,
  input: z.input<typeof deleteSessionInput>,
  actor: Actor,
) {
  const parsed = parseInput(deleteSessionInput, input, 'Say what happens to its chats.');
  let files: string[] = [];
  const result = await changeLiveSession(db, name, actor, async (tx, row) => {
    if (parsed.messages === 'purge') {
      files = await filesOf(tx, row.id);
      await tx.delete(whatsappSessions).where(eq(whatsappSessions.id, row.id));
    } else {
      await withdrawQueuedCommands(tx, row.id);
      await tx
        .update(whatsappSessions)
        .set({
          deletedAt: new Date(),
          desiredState: 'stopped',
          qr: null,
          qrExpiresAt: null,
          pairingCode: null,
        })
        .where(eq(whatsappSessions.id, row.id));
    }
    return {
      action: 'session.delete',
      details: { messages: parsed.messages },
      result: { session: row.name, deleted: true as const, messages: parsed.messages },
      announce: 'pool',
    };
  });
  // After the commit: S3 is no part of the transaction. A failure leaves orphans, which the worker's hourly
  // sweep (lib/media/orphans.ts) deletes later; the number is deleted either way.
  // A file stored or reused in the last few minutes may be on its way into another number's message: it is
  // left to the hourly sweep, like any file nothing refers to.
  await deleteUnreferencedBlobs(db, {
    sha256s: files,
    olderThanSeconds: PURGE_GRACE_SECONDS,
    maxBatches: 1000,
  }).catch((error: unknown) =>
    log.warn({ err: error, files: files.length }, 'could not delete the files of a purged number yet'),
  );
  return result;
}

/** How recently a purged number's file may have been stored or reused and still be deleted with it. */
const PURGE_GRACE_SECONDS = 600;

/** The blobs a number's messages and queued sends point at. */
async function filesOf(tx: Tx, sessionId: number): Promise<string[]> {
  const rows = await tx.execute<{ sha256: string }>(sql`
    select sha256 from media_downloads where session_id = ${sessionId} and sha256 is not null
    union
    select payload->'media'->>'sha256' from whatsapp_commands
    where session_id = ${sessionId} and kind = 'send_message' and payload->'media'->>'sha256' is not null`);
  return [...rows].map((r) => r.sha256);
}

/** Wakes every worker of the pool and refreshes every open dashboard. */
async function announce(db: Tx, sessionId: number) {
  await publish(db, { type: 'pool_changed', sessionId });
  await publish(db, { type: 'session', sessionId });
}
