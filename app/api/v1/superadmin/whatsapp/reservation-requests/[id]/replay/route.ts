import { pathId } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { replayRequest } from '@/lib/reservations/notification/replay';

const op = operationsAt('/api/v1/superadmin/whatsapp/reservation-requests/{id}/replay/');

/** Matching and notification again, for a request that failed or did not match. 409 in any other state. */
export const POST = apiRoute<{ id: string }>(op.post, async ({ db, params, actor }) => {
  const requestId = pathId(params.id, 'reservation request');
  return json(await replayRequest(db, { requestId, actor }));
});
