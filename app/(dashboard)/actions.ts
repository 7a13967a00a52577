'use server';

import { cookies } from 'next/headers';
import { signOut } from '@/auth';
import { isLocale, LOCALE_COOKIE } from '@/lib/i18n';

export async function signOutAction() {
  await signOut({ redirectTo: '/login' });
}

export async function setLocaleAction(form: FormData) {
  const locale = form.get('locale');
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax' });
}
