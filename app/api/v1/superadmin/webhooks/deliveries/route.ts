import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { deliveriesQuery } from '@/lib/api/schemas/admin';
import { listDeliveries } from '@/lib/webhooks/deliveries';

const op = operationsAt('/api/v1/superadmin/webhooks/deliveries/');

export const GET = apiRoute(op.get, async ({ db, url }) =>
  json(await listDeliveries(db, readQuery(url, deliveriesQuery))),
);
