import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db';
import { users } from '../db/schema';
import { Conflict } from '../errors';
import { parseInput } from '../errors/parse';
import { hashPassword, verifyPassword } from './password';

export const ROLES = ['superadmin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const newUserSchema = z.object({
  email: z.email().transform((e) => e.toLowerCase()),
  password: z.string().min(10, 'The password must have at least 10 characters.').max(200),
  name: z.string().trim().max(120).optional(),
  role: z.enum(ROLES).default('viewer'),
});
export type NewUser = z.input<typeof newUserSchema>;

export async function createUser(db: Tx, input: NewUser) {
  const { email, password, name, role } = parseInput(newUserSchema, input, 'Invalid user.');
  const passwordHash = await hashPassword(password);
  const rows = await db
    .insert(users)
    .values({ email, passwordHash, name, role })
    .onConflictDoNothing()
    .returning({ id: users.id, email: users.email, role: users.role });
  if (!rows[0])
    throw new Conflict(`A user with the email ${email} already exists.`, { reason: 'email_taken' });
  return rows[0];
}

/**
 * First start: with no superadmin, create one from ADMIN_EMAIL/ADMIN_PASSWORD, or with a generated password
 * that the caller prints once. Returns what was created, or null when a superadmin already exists.
 */
export async function ensureFirstSuperadmin(
  db: Tx,
  input: { email?: string; password?: string },
): Promise<{ email: string; generatedPassword?: string } | null> {
  const [existing] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(eq(users.role, 'superadmin'));
  if ((existing?.n ?? 0) > 0) return null;
  const email = (input.email ?? 'admin@tuki.local').toLowerCase();
  const generatedPassword = input.password ? undefined : randomBytes(12).toString('base64url');
  await createUser(db, { email, password: input.password ?? generatedPassword!, role: 'superadmin' });
  return { email, generatedPassword };
}

/** Email + password check. The same answer (null) for an unknown email, a wrong password or a disabled user. */
export async function verifyCredentials(db: Tx, email: string, password: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
    .limit(1);
  if (!user || user.disabled) {
    // Spend the same time as a real check so response time does not reveal which emails exist.
    await verifyPassword(DUMMY_HASH, password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: user.locale,
    sessionVersion: user.sessionVersion,
  };
}

const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$K3r2b0QF0mXy2cO0Y9r8m0vHc0h3p2m1ZQk8p6Q0x9A';
