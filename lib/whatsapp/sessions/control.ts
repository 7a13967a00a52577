import { z } from 'zod';
import { type Actor, actorLabel } from '../../audit/actor';
import { recordAudit } from '../../audit/record';
import { enqueueCommand, requestPairingCodePayload } from '../../commands/enqueue';
import type { Tx } from '../../db';
import { parseInput } from '../../errors/parse';

export const SESSION_ACTIONS = ['restart', 'logout', 'request_pairing_code'] as const;
export type SessionAction = (typeof SESSION_ACTIONS)[number];

export const sessionActionInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('restart') }),
  z.object({ action: z.literal('logout') }),
  z.object({ action: z.literal('request_pairing_code'), phone: requestPairingCodePayload.shape.phone }),
]);

/**
 * Restart the WhatsApp client, unlink the number, or ask for a phone pairing code: queued for the worker
 * like every other command (it runs them in any connection state), and audited with who asked. Conexión's
 * per-number restart and sign-out (manage.ts) come through here too, after checking the number runs.
 */
export async function queueSessionAction(
  db: Tx,
  session: { id: number; name: string },
  input: z.input<typeof sessionActionInput>,
  actor: Actor,
) {
  const parsed = parseInput(sessionActionInput, input, 'Invalid session action.');
  const payload = parsed.action === 'request_pairing_code' ? { phone: parsed.phone } : {};
  const result = await enqueueCommand(db, {
    sessionId: session.id,
    kind: parsed.action,
    payload,
    createdBy: actorLabel(actor),
  });
  await recordAudit(db, {
    actor,
    action: `session.${parsed.action}`,
    targetType: 'whatsapp_session',
    targetId: session.id,
    details: { name: session.name, commandId: result.command.id },
  });
  return result;
}
