'use server';

import { redirect } from 'next/navigation';
import type { ActiveUser } from '@/lib/auth/current-user';
import { changeOwnPassword, signOutEverywhere } from '@/lib/auth/own-account';
import { getDb } from '@/lib/db';
import { Invalid } from '@/lib/errors';
import { requireActionUser } from '../../_lib/auth-guards';

const actorOf = (user: ActiveUser) => ({ type: 'user' as const, id: String(user.id), label: user.email });

export type PasswordState = { error?: 'wrongCurrent' | 'tooShort' | 'mismatch' };

/** Any signed-in person, viewers included. Success ends every session: back to the sign-in page. */
export async function changePasswordAction(_prev: PasswordState, form: FormData): Promise<PasswordState> {
  const user = await requireActionUser();
  const newPassword = String(form.get('newPassword') ?? '');
  if (newPassword !== String(form.get('confirmPassword') ?? '')) return { error: 'mismatch' };
  try {
    await changeOwnPassword(
      getDb(),
      user.id,
      { currentPassword: String(form.get('currentPassword') ?? ''), newPassword },
      actorOf(user),
    );
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    const wrong = (error.details as { fields?: { currentPassword?: unknown } } | undefined)?.fields
      ?.currentPassword;
    return { error: wrong ? 'wrongCurrent' : 'tooShort' };
  }
  redirect('/login?changed=1');
}

export async function signOutEverywhereAction(): Promise<void> {
  const user = await requireActionUser();
  await signOutEverywhere(getDb(), user.id, actorOf(user));
  redirect('/login');
}
