import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import type { Tx } from '../db';
import { users } from '../db/schema';
import { Conflict, Invalid, NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import { announceAuthChange } from './auth-changes';
import { endAllSessions } from './current-user';
import { hashPassword } from './password';
import { createUser, ROLES } from './users';

/** Superadmins manage people: these verbs back the users API and the dashboard's settings page. */

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  locale: users.locale,
  disabled: users.disabled,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
};
export type UserView = { [K in keyof typeof publicColumns]: (typeof users.$inferSelect)[K] };

const password = z.string().min(10, 'The password must have at least 10 characters.').max(200);
const generatePassword = () => randomBytes(12).toString('base64url');

export async function listUsers(db: Tx): Promise<{ items: UserView[] }> {
  const items = await db.select(publicColumns).from(users).orderBy(asc(users.email));
  return { items };
}

export async function getUser(db: Tx, id: number): Promise<UserView> {
  const [row] = await db.select(publicColumns).from(users).where(eq(users.id, id));
  if (!row) throw new NotFound(`No user ${id}.`, { id });
  return row;
}

export const inviteUserInput = z.object({
  email: z.email().max(320),
  name: z.string().trim().max(120).optional(),
  role: z.enum(ROLES).default('viewer'),
  /** Omitted: a password is generated and returned once, for the admin to hand over. */
  password: password.optional(),
});

export async function inviteUser(db: Tx, input: z.input<typeof inviteUserInput>, actor: Actor) {
  const data = parseInput(inviteUserInput, input, 'Invalid user.');
  const generatedPassword = data.password ? undefined : generatePassword();
  return db.transaction(async (tx) => {
    const created = await createUser(tx, { ...data, password: data.password ?? generatedPassword! });
    await recordAudit(tx, {
      actor,
      action: 'user.create',
      targetType: 'user',
      targetId: created.id,
      details: { email: created.email, role: created.role },
    });
    return { user: await getUser(tx, created.id), generatedPassword };
  });
}

export const updateUserInput = z
  .object({
    id: z.number().int().positive(),
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional(),
    name: z.string().trim().max(120).nullable().optional(),
  })
  .refine((v) => v.role !== undefined || v.disabled !== undefined || v.name !== undefined, {
    message: 'Nothing to change: send role, disabled or name.',
  });

/**
 * Changes a person's role, access or name. Nobody can demote or disable themselves, and the last active
 * superadmin cannot be demoted or disabled: either would lock everyone out of user management. The row locks
 * make two admins demoting each other at the same instant leave one superadmin, not zero.
 */
export async function updateUser(db: Tx, input: z.input<typeof updateUserInput>, actor: Actor) {
  const { id, ...patch } = parseInput(updateUserInput, input, 'Invalid user change.');
  return db.transaction(async (tx) => {
    const admins = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'superadmin'), eq(users.disabled, false)))
      .for('update');
    const [user] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!user) throw new NotFound(`No user ${id}.`, { id });
    const losesAdmin =
      user.role === 'superadmin' &&
      !user.disabled &&
      ((patch.role !== undefined && patch.role !== 'superadmin') || patch.disabled === true);
    if (losesAdmin && actor.type === 'user' && actor.id === String(id))
      throw new Invalid('You cannot demote or disable yourself.', { id, reason: 'self_change' });
    if (losesAdmin && admins.filter((a) => a.id !== id).length === 0)
      throw new Conflict('This is the last active superadmin; promote someone else first.', {
        id,
        reason: 'last_superadmin',
      });
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of ['role', 'disabled', 'name'] as const)
      if (patch[key] !== undefined && patch[key] !== user[key])
        changes[key] = { from: user[key], to: patch[key] };
    if (Object.keys(changes).length === 0) return getUser(tx, id);
    await tx.update(users).set(patch).where(eq(users.id, id));
    await announceAuthChange(tx, { kind: 'user', id });
    // Losing access must not wait for a cookie to expire, nor come back with it when the person is re-enabled.
    if (changes.disabled?.to === true || changes.role?.to === 'viewer') await endAllSessions(tx, id);
    await recordAudit(tx, {
      actor,
      action: 'user.update',
      targetType: 'user',
      targetId: id,
      details: { email: user.email, ...changes },
    });
    return getUser(tx, id);
  });
}

export const resetPasswordInput = z.object({
  id: z.number().int().positive(),
  password: password.optional(),
});

/** Sets a new password (generated when none is given, and returned once) and ends the person's sessions. */
export async function resetUserPassword(db: Tx, input: z.input<typeof resetPasswordInput>, actor: Actor) {
  const { id, password: given } = parseInput(resetPasswordInput, input, 'Invalid password.');
  const generatedPassword = given ? undefined : generatePassword();
  const passwordHash = await hashPassword(given ?? generatedPassword!);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ passwordHash })
      .where(eq(users.id, id))
      .returning({ email: users.email });
    if (!row) throw new NotFound(`No user ${id}.`, { id });
    await endAllSessions(tx, id);
    await recordAudit(tx, {
      actor,
      action: 'user.password_reset',
      targetType: 'user',
      targetId: id,
      details: { email: row.email, generated: generatedPassword !== undefined },
    });
    return { user: await getUser(tx, id), generatedPassword };
  });
}
