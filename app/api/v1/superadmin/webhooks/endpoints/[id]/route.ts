import { pathId, readJson } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { updateEndpointBody } from '@/lib/api/schemas/admin';
import { deleteWebhookEndpoint, getWebhookEndpoint, updateWebhookEndpoint } from '@/lib/webhooks/endpoints';

const op = operationsAt('/api/v1/superadmin/webhooks/endpoints/{id}/');

export const GET = apiRoute<{ id: string }>(op.get, async ({ db, params }) =>
  json(await getWebhookEndpoint(db, pathId(params.id, 'webhook endpoint'))),
);

export const PATCH = apiRoute<{ id: string }>(op.patch, async ({ db, request, params, actor }) => {
  const id = pathId(params.id, 'webhook endpoint');
  const patch = await readJson(request, updateEndpointBody);
  return json(await updateWebhookEndpoint(db, { id, ...patch }, actor));
});

export const DELETE = apiRoute<{ id: string }>(op.delete, async ({ db, params, actor }) =>
  json(await deleteWebhookEndpoint(db, { id: pathId(params.id, 'webhook endpoint') }, actor)),
);
