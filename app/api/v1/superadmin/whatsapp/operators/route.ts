import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { operatorsQuery } from '@/lib/api/schemas/whatsapp';
import { listOperators } from '@/lib/operators/list-operators';

const op = operationsAt('/api/v1/superadmin/whatsapp/operators/');

export const GET = apiRoute(op.get, async ({ db, url }) =>
  json(await listOperators(db, readQuery(url, operatorsQuery))),
);
