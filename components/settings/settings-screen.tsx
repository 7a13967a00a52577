'use client';

import { Eye, Lock } from 'lucide-react';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import type { ReactNode } from 'react';
import type { TemplateValues } from '@/lib/settings/render-template';
import type { Settings } from '@/lib/settings/schema';
import { useI18n } from '../i18n';
import { EmptyState, ErrorNote, Skeleton } from '../ui/card';
import { cn } from '../ui/cn';
import { useSettings } from './use-settings';

// Each tab's code (forms, dialogs, tables) loads when the tab is shown, not with every settings page. Rendered
// in the browser only: server HTML of a tab whose code arrives later takes typing that hydration then drops.
const TabSkeleton = () => <Skeleton className="h-72 w-full" />;
const UsersTab = dynamic(() => import('./users-tab').then((m) => m.UsersTab), {
  ssr: false,
  loading: TabSkeleton,
});
const ApiKeysTab = dynamic(() => import('./api-keys-tab').then((m) => m.ApiKeysTab), {
  ssr: false,
  loading: TabSkeleton,
});
const WebhooksTab = dynamic(() => import('./webhooks-tab').then((m) => m.WebhooksTab), {
  ssr: false,
  loading: TabSkeleton,
});
const TemplatesTab = dynamic(() => import('./templates-tab').then((m) => m.TemplatesTab), {
  ssr: false,
  loading: TabSkeleton,
});
const DetectionTab = dynamic(() => import('./detection-tab').then((m) => m.DetectionTab), {
  ssr: false,
  loading: TabSkeleton,
});
const PaceTab = dynamic(() => import('./pace-tab').then((m) => m.PaceTab), {
  ssr: false,
  loading: TabSkeleton,
});

const TABS = ['users', 'keys', 'webhooks', 'templates', 'detection', 'pace'] as const;
type Tab = (typeof TABS)[number];
/** People, keys and webhook endpoints are superadmin-only on the server too (their URLs and secrets are credentials). */
const ADMIN_ONLY: readonly Tab[] = ['users', 'keys', 'webhooks'];

const isTab = (value: string | null): value is Tab => (TABS as readonly string[]).includes(value ?? '');

/** The settings tabs; the open one lives in the URL (`?tab=`) so it can be linked and survives a reload. */
export function SettingsScreen({
  canWrite,
  currentUserId,
  sample,
}: {
  canWrite: boolean;
  currentUserId: number;
  sample: TemplateValues;
}) {
  const { t } = useI18n();
  const requested = useSearchParams().get('tab');
  const tab: Tab = isTab(requested) ? requested : canWrite ? 'users' : 'templates';
  return (
    <div className="space-y-6">
      {!canWrite && (
        <p className="flex items-center gap-2 rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-950 dark:bg-sky-950 dark:text-sky-100">
          <Eye aria-hidden className="size-4 shrink-0" />
          {t.settings.viewerNote}
        </p>
      )}
      <nav
        aria-label={t.settings.tabsLabel}
        className="overflow-x-auto border-b border-slate-200 dark:border-slate-800"
      >
        <ul className="flex min-w-max gap-1">
          {TABS.map((key) => (
            <li key={key}>
              <Link
                href={`/settings?tab=${key}`}
                scroll={false}
                aria-current={tab === key ? 'page' : undefined}
                className={cn(
                  'flex items-center gap-1.5 border-b-2 px-3 py-2 text-sm whitespace-nowrap touch:min-h-11',
                  tab === key
                    ? 'border-brand-600 font-medium text-brand-700 dark:text-brand-500'
                    : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100',
                )}
              >
                {!canWrite && ADMIN_ONLY.includes(key) && <Lock aria-hidden className="size-3.5" />}
                {t.settings.tabs[key]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-label={t.settings.tabs[tab]}>
        <Panel tab={tab} canWrite={canWrite} currentUserId={currentUserId} sample={sample} />
      </section>
    </div>
  );
}

function Panel({
  tab,
  canWrite,
  currentUserId,
  sample,
}: {
  tab: Tab;
  canWrite: boolean;
  currentUserId: number;
  sample: TemplateValues;
}) {
  const { t } = useI18n();
  if (ADMIN_ONLY.includes(tab) && !canWrite)
    return <EmptyState title={t.settings.adminOnly} hint={t.settings.adminOnlyHint} />;
  switch (tab) {
    case 'users':
      return <UsersTab currentUserId={currentUserId} />;
    case 'keys':
      return <ApiKeysTab />;
    case 'webhooks':
      return <WebhooksTab />;
    case 'templates':
      return (
        <WithSettings>
          {(settings) => <TemplatesTab settings={settings} canWrite={canWrite} sample={sample} />}
        </WithSettings>
      );
    case 'detection':
      return (
        <WithSettings>{(settings) => <DetectionTab settings={settings} canWrite={canWrite} />}</WithSettings>
      );
    case 'pace':
      return <WithSettings>{(settings) => <PaceTab settings={settings} canWrite={canWrite} />}</WithSettings>;
  }
}

/** The settings-backed tabs render once the settings are loaded, so each form starts from the stored values. */
function WithSettings({ children }: { children: (settings: Settings) => ReactNode }) {
  const { t, errorText } = useI18n();
  const { data, error, refetch } = useSettings();
  if (error)
    return (
      <ErrorNote message={errorText(error)} onRetry={() => void refetch()} retryLabel={t.common.retry} />
    );
  if (!data) return <Skeleton className="h-96 w-full" />;
  return children(data);
}
