'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Toaster } from 'sonner';
import type { Locale } from '@/lib/i18n';
import type { Messages } from '@/lib/i18n/messages/es';
import { setActiveSession } from './api';
import { I18nProvider } from './i18n';
import { LiveEventsProvider } from './live/live-events';

export function Providers({
  t,
  locale,
  live,
  session,
  children,
}: {
  t: Messages;
  locale: Locale;
  live: boolean;
  session: string;
  children: ReactNode;
}) {
  setActiveSession(session);
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false } },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      <I18nProvider t={t} locale={locale}>
        <LiveEventsProvider enabled={live}>
          {children}
          <Toaster closeButton position="bottom-right" />
        </LiveEventsProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}
