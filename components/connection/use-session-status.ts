'use client';

import { useQuery } from '@tanstack/react-query';
import type { SessionStatusView } from '@/lib/api/schemas/responses';
import { api, V1 } from '../api';
import { useLiveRefetch } from '../live/live-events';
import { keys } from '../query-keys';
import { useWhatsAppNumber } from '../whatsapp-number';

export function useSessionStatus() {
  const session = useWhatsAppNumber();
  const refetchInterval = useLiveRefetch(10_000);
  return useQuery({
    queryKey: keys.session.status(session),
    queryFn: () => api<SessionStatusView>(`${V1}/status/`, { session }),
    refetchInterval,
  });
}
