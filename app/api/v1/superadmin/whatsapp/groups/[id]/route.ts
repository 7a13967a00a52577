import { pathId, readJson } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { updateGroupBody } from '@/lib/api/schemas/details';
import { queueGroupAction } from '@/lib/groups/group-ops';

const op = operationsAt('/api/v1/superadmin/whatsapp/groups/{id}/');

export const PATCH = apiRoute<{ id: string }>(op.patch, async ({ db, request, params, actor }) => {
  const chatId = pathId(params.id, 'group');
  const body = await readJson(request, updateGroupBody);
  const action =
    'name' in body
      ? { op: 'rename' as const, chatId, name: body.name }
      : { op: 'describe' as const, chatId, description: body.description };
  return json(await queueGroupAction(db, action, actor), 202);
});
