import { pathId } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { mayWrite } from '@/lib/api/principal';
import { getCommand } from '@/lib/commands/get-command';

const op = operationsAt('/api/v1/superadmin/whatsapp/commands/{id}/');

export const GET = apiRoute<{ id: string }>(op.get, async ({ db, params, principal }) =>
  json(await getCommand(db, pathId(params.id, 'command'), { revealCredentials: mayWrite(principal) })),
);
