import { pathId } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { revokeApiKey } from '@/lib/auth/api-keys';

/** Revokes the key: its next request gets 401. */
export const DELETE = apiRoute<{ id: string }>('admin', async ({ db, params, actor }) =>
  json(await revokeApiKey(db, { id: pathId(params.id, 'API key') }, actor)),
);
