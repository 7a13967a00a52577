import { pathId } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { rotateWebhookSecret } from '@/lib/webhooks/endpoints';

/** A new signing secret, returned once; the old one stops working immediately. */
export const POST = apiRoute<{ id: string }>('write', async ({ db, params, actor }) =>
  json(await rotateWebhookSecret(db, { id: pathId(params.id, 'webhook endpoint') }, actor)),
);
