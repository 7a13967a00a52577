import { eq } from 'drizzle-orm';
import type { Tx } from '../db';
import { users } from '../db/schema';
import type { Role } from './users';

export interface ActiveUser {
  id: number;
  email: string;
  name: string | null;
  role: Role;
  locale: string;
}

/** A session's user id (a number, or its decimal string in the JWT) as a row id; null when it is not one. */
export function userIdOf(id: unknown): number | null {
  const numeric = typeof id === 'string' && /^\d{1,15}$/.test(id) ? Number(id) : id;
  return typeof numeric === 'number' && Number.isSafeInteger(numeric) && numeric > 0 ? numeric : null;
}

/**
 * The user a session cookie names, as the database says NOW. A session's JWT carries the role it was signed
 * in with; reading the row on each request (a primary-key lookup) means a demotion or a disable applies to
 * the very next request instead of when the cookie expires. Null: the user is gone or disabled.
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
    })
    .from(users)
    .where(eq(users.id, numeric));
  if (!row || row.disabled) return null;
  const { disabled: _, ...user } = row;
  return user;
}
