import { redirect } from 'next/navigation';
import { auth } from '@/auth';

/** Every page checks the session itself; the proxy is only a convenience redirect. */
export async function requirePageUser() {
  const session = await auth();
  if (!session?.user) redirect('/login');
  return session.user;
}
