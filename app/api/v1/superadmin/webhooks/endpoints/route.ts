import { readJson } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { createEndpointBody } from '@/lib/api/schemas/admin';
import { createWebhookEndpoint, listWebhookEndpoints } from '@/lib/webhooks/endpoints';

const op = operationsAt('/api/v1/superadmin/webhooks/endpoints/');

// Endpoint URLs can themselves be secrets (many services put a token in the path): write access to read them.
export const GET = apiRoute(op.get, async ({ db }) => json(await listWebhookEndpoints(db)));

/** 201 with `secret`: the only time it is shown. */
export const POST = apiRoute(op.post, async ({ db, request, actor }) => {
  const input = await readJson(request, createEndpointBody);
  return json(await createWebhookEndpoint(db, input, actor), 201);
});
