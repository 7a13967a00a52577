/**
 * WhatsApp states and disconnect reasons a restart cannot fix. Retrying them is worse than useless: a blocked
 * number keeps knocking, an outdated WhatsApp Web keeps failing to inject, and a number open in a person's
 * own WhatsApp Web tab would be fought over every few seconds. The session ends `failed` with what to do.
 */
const HINTS: Record<string, string> = {
  TOS_BLOCK:
    'WhatsApp blocked this number for breaking its terms (TOS_BLOCK). Check the phone; appeal from the WhatsApp app, then press "Reiniciar".',
  SMB_TOS_BLOCK:
    'WhatsApp Business blocked this number (SMB_TOS_BLOCK). Check the phone; appeal from the WhatsApp Business app, then press "Reiniciar".',
  DEPRECATED_VERSION:
    'WhatsApp refused this WhatsApp Web version (DEPRECATED_VERSION). Update whatsapp-web.js (see the README playbook), then press "Reiniciar".',
};

const CONFLICT_HINT =
  'This number is open in another WhatsApp Web session (CONFLICT). Close it and press "Reiniciar", or set WA_TAKEOVER_ON_CONFLICT=1 to always take over.';

/** The hint for a reason no restart fixes, or null when a restart may help. */
export function permanentFailure(reason: string, takeoverOnConflict: boolean): string | null {
  if (reason === 'CONFLICT') return takeoverOnConflict ? null : CONFLICT_HINT;
  return HINTS[reason] ?? null;
}

/** Formats a pairing code as the phone asks for it: the library gives 8 characters, the phone shows ABCD-EFGH. */
export function formatPairingCode(code: string): string {
  const plain = code.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  return plain.length === 8 ? `${plain.slice(0, 4)}-${plain.slice(4)}` : code;
}
