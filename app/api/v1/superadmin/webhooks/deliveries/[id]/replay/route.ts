import { pathId } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { replayDelivery } from '@/lib/webhooks/deliveries';

/** Queues the delivery again (a delivered one as a new delivery with a new id). 202: the worker sends it. */
export const POST = apiRoute<{ id: string }>('write', async ({ db, params, actor }) =>
  json(await replayDelivery(db, { id: pathId(params.id, 'webhook delivery') }, actor), 202),
);
