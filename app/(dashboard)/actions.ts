'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { signOut } from '@/auth';
import { isLocale, LOCALE_COOKIE } from '@/lib/i18n';
import { currentUser, requireActionUser } from '../_lib/auth-guards';
import { getSessionChoice, SESSION_COOKIE } from '../_lib/session-choice';

/** Every server action checks the session itself; signing out without one just goes to the sign-in page. */
export async function signOutAction() {
  if (!(await currentUser())) redirect('/login');
  await signOut({ redirectTo: '/login' });
}

export async function setLocaleAction(form: FormData) {
  await requireActionUser();
  const locale = form.get('locale');
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax' });
}

/** The dashboard's WhatsApp number (when there are several); only an existing session can be chosen. */
export async function setSessionAction(form: FormData) {
  await requireActionUser();
  const name = form.get('session');
  const { sessions } = await getSessionChoice();
  if (typeof name !== 'string' || !sessions.some((s) => s.name === name)) return;
  (await cookies()).set(SESSION_COOKIE, name, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax' });
}
