import { pathId } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { getRequest } from '@/lib/reservations/list-requests';

const op = operationsAt('/api/v1/superadmin/whatsapp/reservation-requests/{id}/');

export const GET = apiRoute<{ id: string }>(op.get, async ({ db, params }) =>
  json(await getRequest(db, pathId(params.id, 'reservation request'))),
);
