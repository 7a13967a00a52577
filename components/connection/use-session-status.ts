'use client';

import { useQuery } from '@tanstack/react-query';
import type { SessionStatus } from '@/lib/whatsapp/sessions/status';
import { api, V1 } from '../api';
import { useLiveRefetch } from '../live/live-events';
import { keys } from '../query-keys';
import { useWhatsAppNumber } from '../whatsapp-number';

export interface SessionStatusView {
  session: string;
  status: SessionStatus;
  connected: boolean;
  needsAction: boolean;
  phone: string | null;
  pushName: string | null;
  qrAvailable: boolean;
  pairingCodeAvailable: boolean;
  lastEventAt: string | null;
  lastError: string | null;
  waVersion: string | null;
  consecutiveRestarts: number;
  worker: {
    alive: boolean;
    heartbeatAt: string | null;
    workerRssMb: number | null;
    chromiumRssMb: number | null;
  };
}

export function useSessionStatus() {
  const session = useWhatsAppNumber();
  const refetchInterval = useLiveRefetch(10_000);
  return useQuery({
    queryKey: keys.session.status(session),
    queryFn: () => api<SessionStatusView>(`${V1}/status/`, { session }),
    refetchInterval,
  });
}
