'use server';

import { AuthError, CredentialsSignin } from 'next-auth';
import { signIn } from '@/auth';
import { safeNextPath } from '@/lib/auth/safe-next';

export type LoginState = { error?: 'invalid' | 'rateLimited' };

export async function login(_prev: LoginState, form: FormData): Promise<LoginState> {
  try {
    await signIn('credentials', {
      email: String(form.get('email') ?? '').slice(0, 320),
      password: String(form.get('password') ?? '').slice(0, 200),
      redirectTo: safeNextPath(form.get('next')),
    });
    return {};
  } catch (error) {
    // A successful sign-in "throws" Next's redirect; only Auth.js failures are ours to report. Wrong email,
    // wrong password and disabled account read the same; only "too many attempts" is told apart.
    if (error instanceof CredentialsSignin)
      return { error: error.code === 'rate_limited' ? 'rateLimited' : 'invalid' };
    if (error instanceof AuthError) return { error: 'invalid' };
    throw error;
  }
}
