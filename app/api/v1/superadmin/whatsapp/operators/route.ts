import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operatorsQuery } from '@/lib/api/schemas/whatsapp';
import { listOperators } from '@/lib/operators/list-operators';

export const GET = apiRoute('read', async ({ db, url }) =>
  json(await listOperators(db, readQuery(url, operatorsQuery))),
);
