'use client';

import { useMemo } from 'react';
import { useI18n } from '../i18n';

/** Dates and times in the reader's language ("27-11-2026, 21:52"); null reads as "Nunca". */
export function useFormatDateTime() {
  const { t, locale } = useI18n();
  const formatter = useMemo(
    () =>
      new Intl.DateTimeFormat(locale === 'es' ? 'es-CL' : 'en-GB', {
        dateStyle: 'medium',
        timeStyle: 'short',
        hourCycle: 'h23',
      }),
    [locale],
  );
  return (value: string | null | undefined) => (value ? formatter.format(new Date(value)) : t.settings.never);
}
