import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { processAuthCache } from '@/lib/auth/auth-cache';
import { type ActiveUser, sessionUser } from '@/lib/auth/current-user';
import { Unauthorized } from '@/lib/errors';

/**
 * Sign-in checks ("auth guards") for pages and server actions (route handlers use lib/api/handler.ts). Each one reads the
 * user row again, so a demoted or disabled person loses access on the next page or action, not when the
 * cookie expires. The proxy is only a convenience redirect; these are the checks.
 */
export async function currentUser(): Promise<ActiveUser | null> {
  const session = await auth();
  if (!session?.user?.id) return null;
  return sessionUser(await processAuthCache().user(session.user.id), session.user.sessionVersion);
}

export async function requirePageUser(): Promise<ActiveUser> {
  const user = await currentUser();
  if (!user) redirect('/login');
  return user;
}

/** For server actions that read. Throws Unauthorized (map it to "sign in again"). */
export async function requireActionUser(): Promise<ActiveUser> {
  const user = await currentUser();
  if (!user) throw new Unauthorized();
  return user;
}
