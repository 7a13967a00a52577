'use client';

import { createContext, type ReactNode, useContext } from 'react';
import { format, type Locale } from '@/lib/i18n';
import { apiErrorMessage } from '@/lib/i18n/api-errors';
import type { Messages } from '@/lib/i18n/messages/es';
import { formatCount, type PluralForms } from '@/lib/i18n/plural';

const I18nContext = createContext<{ t: Messages; locale: Locale } | null>(null);

export function I18nProvider({ t, locale, children }: { t: Messages; locale: Locale; children: ReactNode }) {
  return <I18nContext.Provider value={{ t, locale }}>{children}</I18nContext.Provider>;
}

/** The reader's catalog (chosen on the server) in client components. */
export function useI18n() {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  const { t, locale } = value;
  return {
    ...value,
    format,
    /** A count with its noun in the right plural form: `count(t.requests.partySize, 1)` → "1 persona". */
    count: (forms: PluralForms, n: number, values?: Record<string, string | number>) =>
      formatCount(locale, forms, n, values),
    /** What to tell the reader about a failed call: phrased from the API's code/reason, never its English text. */
    errorText: (error: unknown) => apiErrorMessage(t, error),
  };
}
