/**
 * The one definition of a WhatsApp session's lifecycle. The database enum, the worker's state
 * machine, the API and the dashboard all read these names from here.
 */
export const SESSION_STATUSES = [
  'starting',
  'qr',
  'pairing',
  'authenticated',
  'ready',
  'disconnected',
  'failed',
  'logged_out',
] as const;

export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** Statuses in which a person has to act (scan a QR, type a pairing code, fix the worker). */
export const NEEDS_HUMAN: readonly SessionStatus[] = ['qr', 'pairing', 'failed', 'logged_out'];

export function isConnected(status: SessionStatus): boolean {
  return status === 'ready';
}

/** Whether the pool should run a number: `stopped` from the dashboard releases it and closes its client. */
export const SESSION_DESIRED_STATES = ['running', 'stopped'] as const;
export type SessionDesiredState = (typeof SESSION_DESIRED_STATES)[number];
