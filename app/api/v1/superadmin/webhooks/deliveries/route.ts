import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { deliveriesQuery } from '@/lib/api/schemas/admin';
import { listDeliveries } from '@/lib/webhooks/deliveries';

export const GET = apiRoute('read', async ({ db, url }) =>
  json(await listDeliveries(db, readQuery(url, deliveriesQuery))),
);
