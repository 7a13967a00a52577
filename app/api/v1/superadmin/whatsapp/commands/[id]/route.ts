import { pathId } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { getCommand } from '@/lib/commands/get-command';

export const GET = apiRoute<{ id: string }>('read', async ({ db, params }) =>
  json(await getCommand(db, pathId(params.id, 'command'))),
);
