import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { requestsQuery } from '@/lib/api/schemas/whatsapp';
import { listRequests } from '@/lib/reservations/list-requests';

export const GET = apiRoute('read', async ({ db, url }) =>
  json(await listRequests(db, readQuery(url, requestsQuery))),
);
