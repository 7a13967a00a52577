import { MessageCircle } from 'lucide-react';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { safeNextPath } from '@/lib/auth/safe-next';
import { getT } from '../../_lib/locale';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Iniciar sesión' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[]; changed?: string | string[] }>;
}) {
  if (await auth()) redirect('/');
  const { t } = await getT();
  const params = await searchParams;
  const next = safeNextPath(params.next);
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <div className="mb-6 flex items-center gap-3">
          <span className="rounded-lg bg-brand-100 p-2 text-brand-700 dark:bg-brand-700/20 dark:text-brand-500">
            <MessageCircle aria-hidden className="size-6" />
          </span>
          <div>
            <p className="font-semibold">{t.app.name}</p>
            <p className="text-xs text-slate-600 dark:text-slate-400">{t.app.tagline}</p>
          </div>
        </div>
        <h1 className="text-xl font-semibold">{t.login.title}</h1>
        <p className="mb-6 text-sm text-slate-600 dark:text-slate-400">{t.login.subtitle}</p>
        {params.changed === '1' && (
          <p
            role="status"
            className="mb-4 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800 dark:bg-green-950 dark:text-green-200"
          >
            {t.login.passwordChanged}
          </p>
        )}
        <LoginForm t={t.login} next={next} />
      </div>
    </main>
  );
}
