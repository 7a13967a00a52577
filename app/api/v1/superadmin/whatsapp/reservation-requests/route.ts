import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { requestsQuery } from '@/lib/api/schemas/whatsapp';
import { listRequests } from '@/lib/reservations/list-requests';

const op = operationsAt('/api/v1/superadmin/whatsapp/reservation-requests/');

export const GET = apiRoute(op.get, async ({ db, url }) =>
  json(await listRequests(db, readQuery(url, requestsQuery))),
);
