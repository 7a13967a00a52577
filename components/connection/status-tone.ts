import type { SessionStatus } from '@/lib/whatsapp/sessions/status';
import type { Tone } from '../ui/badge';

/** The colour a session status is shown in, everywhere (Conexión, Resumen, the header badge). */
export const STATUS_TONE: Record<SessionStatus, Tone> = {
  ready: 'green',
  qr: 'amber',
  pairing: 'amber',
  authenticated: 'blue',
  starting: 'blue',
  disconnected: 'red',
  failed: 'red',
  logged_out: 'red',
};
