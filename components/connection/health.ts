'use client';

import { useI18n } from '../i18n';

/** "+56 9 … · Push name", or a dash before the number is linked: Conexión's list and its health card say it alike. */
export function phoneLine(n: { phone: string | null; pushName: string | null }): string {
  return n.phone ? `+${n.phone}${n.pushName ? ` · ${n.pushName}` : ''}` : '—';
}

/** How long ago a heartbeat was, in the words the health lines use ("hace 4 s", "nunca"). */
export function useAgo(): (iso: string | null) => string {
  const { t, format } = useI18n();
  return (iso) =>
    iso
      ? format(t.connection.secondsAgo, {
          seconds: Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000)),
        })
      : t.connection.never;
}

/** A worker's memory figure, or a dash when it has not reported one. */
export function megabytes(value: number | null): string {
  return value !== null ? `${value} MB` : '—';
}
