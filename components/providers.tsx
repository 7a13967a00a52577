'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import type { Locale } from '@/lib/i18n';
import type { Messages } from '@/lib/i18n/messages/es';
import { I18nProvider } from './i18n';
import { LiveEventsProvider } from './live/live-events';
import { LazyToaster } from './ui/toast';
import { WhatsAppNumberProvider } from './whatsapp-number';

export function Providers({
  t,
  locale,
  live,
  session,
  sessions,
  children,
}: {
  t: Messages;
  locale: Locale;
  live: boolean;
  /** The chosen WhatsApp number and every number there is (id → name for live events). */
  session: string;
  sessions: { id: number; name: string }[];
  children: ReactNode;
}) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false } },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      <I18nProvider t={t} locale={locale}>
        <WhatsAppNumberProvider current={session} sessions={sessions}>
          <LiveEventsProvider enabled={live}>
            {children}
            <LazyToaster />
          </LiveEventsProvider>
        </WhatsAppNumberProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}
