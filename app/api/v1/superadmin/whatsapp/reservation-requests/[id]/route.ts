import { pathId } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { getRequest } from '@/lib/reservations/list-requests';

export const GET = apiRoute<{ id: string }>('read', async ({ db, params }) =>
  json(await getRequest(db, pathId(params.id, 'reservation request'))),
);
