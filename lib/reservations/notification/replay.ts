import { z } from 'zod';
import type { Actor } from '../../audit/actor';
import { recordAudit } from '../../audit/record';
import type { Tx } from '../../db';
import { Conflict } from '../../errors';
import { parseInput } from '../../errors/parse';
import { getSettings } from '../../settings/settings';
import { getRequest } from '../list-requests';
import { loadRequestContext } from '../request-context';
import { cancelPendingNotifications } from './commands';
import { matchAndNotify } from './notify';
import { firstAttemptOfNextRound, REPLAYABLE } from './transitions';

export { REPLAYABLE };

export const replayRequestInput = z.object({
  requestId: z.number().int().positive(),
  actor: z.custom<Actor>((v) => typeof v === 'object' && v !== null && 'type' in v, 'an actor'),
});

/**
 * Runs matching and notification again for a request that failed or did not match — typically after the
 * admin fixed a binding or the marketplace sent the missing reservation. The new round gets fresh attempt
 * numbers (and one retry of its own). Answers the request as `getRequest` shows it, read in the same
 * transaction (what the replay route returns).
 */
export async function replayRequest(db: Tx, input: z.input<typeof replayRequestInput>) {
  const { requestId, actor } = parseInput(replayRequestInput, input);
  const settings = await getSettings(db);
  return db.transaction(async (tx) => {
    const { request } = await loadRequestContext(tx, requestId);
    if (!REPLAYABLE.includes(request.status))
      throw new Conflict(
        `Request ${requestId} is ${request.status}; only failed or unmatched requests can be replayed.`,
        { requestId, status: request.status, reason: 'not_replayable' },
      );
    await cancelPendingNotifications(tx, requestId);
    const after = await matchAndNotify(tx, requestId, settings, {
      event: 'replayed',
      attempt: firstAttemptOfNextRound(request.notifyAttempts),
      reason: `Reintento manual por ${actor.label ?? actor.type}`,
    });
    await recordAudit(tx, {
      actor,
      action: 'request.replay',
      targetType: 'reservation_request',
      targetId: requestId,
      details: { code: request.code, from: request.status, to: after?.status ?? request.status },
    });
    return getRequest(tx, requestId);
  });
}
