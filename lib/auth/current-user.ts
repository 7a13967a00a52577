import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../db';
import { users } from '../db/schema';
import { announceAuthChange } from './auth-changes';
import type { Role } from './users';

export interface ActiveUser {
  id: number;
  email: string;
  name: string | null;
  role: Role;
  locale: string;
  sessionVersion: number;
}

/** A session's user id (a number, or its decimal string in the JWT) as a row id; null when it is not one. */
export function userIdOf(id: unknown): number | null {
  const numeric = typeof id === 'string' && /^\d{1,15}$/.test(id) ? Number(id) : id;
  return typeof numeric === 'number' && Number.isSafeInteger(numeric) && numeric > 0 ? numeric : null;
}

/**
 * The user a session cookie names, as the database says NOW. A session's JWT carries the role it was signed
 * in with; reading the row on each request (a primary-key lookup) means a demotion or a disable applies to
 * the very next request instead of when the cookie expires. Null: the user is gone or disabled, or the
 * token's session version is older than the user's (see `sessionUser`).
 */
export async function loadActiveUser(db: Tx, id: unknown): Promise<ActiveUser | null> {
  const numeric = userIdOf(id);
  if (numeric === null) return null;
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      locale: users.locale,
      disabled: users.disabled,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .where(eq(users.id, numeric));
  if (!row || row.disabled) return null;
  const { disabled: _, ...user } = row;
  return user;
}

/**
 * The session's user when its token carries the user's current session version, else null (part of every
 * re-check of a session: lib/api/principal.ts, auth.ts, app/_lib/session.ts).
 */
export function sessionUser(user: ActiveUser | null, tokenVersion: unknown): ActiveUser | null {
  return user && sessionIsCurrent(tokenVersion, user.sessionVersion) ? user : null;
}

/** Tokens from before session versions existed carry none: they count as version 0, the column's default. */
export function sessionIsCurrent(tokenVersion: unknown, userVersion: number): boolean {
  const version = tokenVersion === undefined || tokenVersion === null ? 0 : tokenVersion;
  return version === userVersion;
}

/**
 * Ends every session of a person: each token carries the version it was issued with, and the re-check above
 * refuses older ones. Callers pass their transaction so it commits with the change that caused it.
 */
export async function endAllSessions(db: Tx, userId: number): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
  await announceAuthChange(db, { kind: 'user', id: userId });
}
