import { readJson, readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { apiKeysQuery, createApiKeyBody } from '@/lib/api/schemas/admin';
import { createApiKey, listApiKeys } from '@/lib/auth/api-keys';

const op = operationsAt('/api/v1/superadmin/api-keys/');

export const GET = apiRoute(op.get, async ({ db, url }) =>
  json(await listApiKeys(db, readQuery(url, apiKeysQuery))),
);

/** 201 with `key`: the only time the full key is shown. */
export const POST = apiRoute(op.post, async ({ db, request, actor }) => {
  const input = await readJson(request, createApiKeyBody);
  return json(await createApiKey(db, input, actor), 201);
});
