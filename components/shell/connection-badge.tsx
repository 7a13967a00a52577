'use client';

import Link from 'next/link';
import { useSessionStatus } from '../connection/use-session-status';
import { useI18n } from '../i18n';
import { useLiveState } from '../live/live-events';
import { cn } from '../ui/cn';

const DOT: Record<string, string> = {
  ready: 'bg-emerald-500',
  qr: 'bg-amber-500',
  pairing: 'bg-amber-500',
  authenticated: 'bg-sky-500',
  starting: 'bg-sky-500',
  disconnected: 'bg-red-500',
  failed: 'bg-red-600',
  logged_out: 'bg-red-600',
};

/** The header's always-visible answer to "is WhatsApp working right now?", and whether the page is live. */
export function ConnectionBadge({ canStream }: { canStream: boolean }) {
  const { t } = useI18n();
  const { data } = useSessionStatus();
  const live = useLiveState();
  const status = data?.worker.alive === false ? 'disconnected' : data?.status;
  return (
    <div className="flex min-w-0 items-center gap-3 text-sm md:gap-4">
      <Link
        href="/connection"
        data-testid="connection-badge"
        data-status={data?.status ?? 'unknown'}
        className="flex min-w-0 items-center gap-2 rounded-full border border-slate-200 px-3 py-1 hover:bg-slate-50 touch:min-h-11 touch:min-w-11 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        <span
          aria-hidden
          className={cn('size-2.5 shrink-0 rounded-full', status ? DOT[status] : 'bg-slate-400')}
        />
        <span className="truncate">
          {data
            ? data.worker.alive
              ? t.sessionStatus[data.status]
              : t.overview.workerDown
            : t.common.loading}
        </span>
      </Link>
      <span className="shrink-0 text-xs text-slate-600 max-sm:sr-only dark:text-slate-400" aria-live="polite">
        {canStream
          ? live === 'online'
            ? `● ${t.live.online}`
            : live === 'connecting'
              ? t.live.connecting
              : t.live.offline
          : t.live.viewerPolling}
      </span>
    </div>
  );
}
