import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import type { Tx } from '../db';
import { users } from '../db/schema';
import { Invalid, NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import { endAllSessions } from './current-user';
import { hashPassword, verifyPassword } from './password';

/** What a signed-in person does to their own account, whatever their role. */

export const changeOwnPasswordInput = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(10, 'The password must have at least 10 characters.').max(200),
});

/**
 * A new password, after proving the current one (a borrowed, unlocked session must not be enough to take the
 * account over). Every session ends, this one included: the person signs in again with the new password.
 */
export async function changeOwnPassword(
  db: Tx,
  userId: number,
  input: z.input<typeof changeOwnPasswordInput>,
  actor: Actor,
) {
  const { currentPassword, newPassword } = parseInput(changeOwnPasswordInput, input, 'Invalid password.');
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new NotFound(`No user ${userId}.`, { id: userId });
  if (!(await verifyPassword(user.passwordHash, currentPassword)))
    throw new Invalid('The current password is not correct.', { fields: { currentPassword: 'wrong' } });
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await endAllSessions(tx, userId);
    await recordAudit(tx, {
      actor,
      action: 'user.password_change',
      targetType: 'user',
      targetId: userId,
      details: { email: user.email },
    });
  });
}

/** "Sign out everywhere": every session of the person ends at its next request, on every device. */
export async function signOutEverywhere(db: Tx, userId: number, actor: Actor) {
  await db.transaction(async (tx) => {
    await endAllSessions(tx, userId);
    await recordAudit(tx, {
      actor,
      action: 'auth.sign_out_everywhere',
      targetType: 'user',
      targetId: userId,
    });
  });
}
