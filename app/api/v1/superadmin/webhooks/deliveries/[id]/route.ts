import { pathId } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { getDelivery } from '@/lib/webhooks/deliveries';

const op = operationsAt('/api/v1/superadmin/webhooks/deliveries/{id}/');

export const GET = apiRoute<{ id: string }>(op.get, async ({ db, params }) =>
  json(await getDelivery(db, pathId(params.id, 'webhook delivery'))),
);
