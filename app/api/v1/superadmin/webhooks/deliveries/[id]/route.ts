import { pathId } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { getDelivery } from '@/lib/webhooks/deliveries';

export const GET = apiRoute<{ id: string }>('read', async ({ db, params }) =>
  json(await getDelivery(db, pathId(params.id, 'webhook delivery'))),
);
