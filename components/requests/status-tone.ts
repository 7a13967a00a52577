import type { RequestStatus } from '@/lib/reservations/request-status';
import type { Tone } from '../ui/badge';

export const STATUS_TONE: Record<RequestStatus, Tone> = {
  detected: 'slate',
  matched: 'blue',
  unmatched: 'amber',
  notified: 'violet',
  notify_failed: 'red',
  confirmed: 'green',
  rejected: 'slate',
};
