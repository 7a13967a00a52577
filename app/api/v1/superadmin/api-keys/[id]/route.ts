import { pathId } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { revokeApiKey } from '@/lib/auth/api-keys';

const op = operationsAt('/api/v1/superadmin/api-keys/{id}/');

/** Revokes the key: its next request gets 401. */
export const DELETE = apiRoute<{ id: string }>(op.delete, async ({ db, params, actor }) =>
  json(await revokeApiKey(db, { id: pathId(params.id, 'API key') }, actor)),
);
