import { pathId } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { replayDelivery } from '@/lib/webhooks/deliveries';

const op = operationsAt('/api/v1/superadmin/webhooks/deliveries/{id}/replay/');

/** Queues the delivery again (a delivered one as a new delivery with a new id). 202: the worker sends it. */
export const POST = apiRoute<{ id: string }>(op.post, async ({ db, params, actor }) =>
  json(await replayDelivery(db, { id: pathId(params.id, 'webhook delivery') }, actor), 202),
);
