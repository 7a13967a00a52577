import { pathId } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { rotateWebhookSecret } from '@/lib/webhooks/endpoints';

const op = operationsAt('/api/v1/superadmin/webhooks/endpoints/{id}/rotate-secret/');

/** A new signing secret, returned once; the old one stops working immediately. */
export const POST = apiRoute<{ id: string }>(op.post, async ({ db, params, actor }) =>
  json(await rotateWebhookSecret(db, { id: pathId(params.id, 'webhook endpoint') }, actor)),
);
