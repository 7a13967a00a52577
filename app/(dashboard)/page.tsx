import { Activity } from 'lucide-react';
import { getConfig } from '@/lib/config';
import { getDbHandle } from '@/lib/db';
import { checkHealth } from '@/lib/health/check-health';
import { format } from '@/lib/i18n';
import { SESSION_STATUSES, type SessionStatus } from '@/lib/whatsapp/session-status';
import { getT } from '../_lib/locale';

export const dynamic = 'force-dynamic';

function isStatus(value: string): value is SessionStatus {
  return (SESSION_STATUSES as readonly string[]).includes(value);
}

export default async function OverviewPage() {
  const { t } = await getT();
  const health = await checkHealth(getDbHandle().sql, { staleSeconds: getConfig().WORKER_STALE_SECONDS });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t.overview.title}</h1>
      <section className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
        <h2 className="mb-3 flex items-center gap-2 font-medium">
          <Activity aria-hidden className="size-4" />
          {t.overview.worker}
        </h2>
        {health.worker.sessions.length === 0 ? (
          <p className="text-slate-600 dark:text-slate-400">{t.overview.workerNever}</p>
        ) : (
          <ul className="space-y-2">
            {health.worker.sessions.map((s) => (
              <li key={s.name} className="flex flex-wrap items-center gap-x-6 gap-y-1 text-sm">
                <span>
                  {t.overview.session}: <strong>{s.name}</strong>
                </span>
                <span>
                  {t.overview.status}: {isStatus(s.status) ? t.sessionStatus[s.status] : s.status}
                </span>
                <span
                  className={
                    s.alive ? 'text-brand-700 dark:text-brand-500' : 'text-red-700 dark:text-red-400'
                  }
                >
                  {s.alive
                    ? format(t.overview.workerAlive, { seconds: s.heartbeatAgeSeconds ?? 0 })
                    : t.overview.workerDown}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
