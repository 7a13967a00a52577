import { pathId, readJson } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { participantsBody } from '@/lib/api/schemas/details';
import { queueGroupAction } from '@/lib/groups/group-ops';

const op = operationsAt('/api/v1/superadmin/whatsapp/groups/{id}/participants/');

export const POST = apiRoute<{ id: string }>(op.post, async ({ db, request, params, actor }) => {
  const chatId = pathId(params.id, 'group');
  const { action, participants } = await readJson(request, participantsBody);
  return json(await queueGroupAction(db, { op: action, chatId, participants }, actor), 202);
});
