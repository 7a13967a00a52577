'use client';

import { createContext, type ReactNode, useContext } from 'react';
import { format, type Locale } from '@/lib/i18n';
import type { Messages } from '@/lib/i18n/messages/es';

const I18nContext = createContext<{ t: Messages; locale: Locale } | null>(null);

export function I18nProvider({ t, locale, children }: { t: Messages; locale: Locale; children: ReactNode }) {
  return <I18nContext.Provider value={{ t, locale }}>{children}</I18nContext.Provider>;
}

/** The reader's catalog (chosen on the server) in client components. */
export function useI18n() {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return { ...value, format };
}
