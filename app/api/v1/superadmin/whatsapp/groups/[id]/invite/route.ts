import { pathId } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { queueGroupAction } from '@/lib/groups/group-ops';

const op = operationsAt('/api/v1/superadmin/whatsapp/groups/{id}/invite/');

/** 202: poll GET …/commands/{id}/ for `result.inviteLink`. */
export const POST = apiRoute<{ id: string }>(op.post, async ({ db, params, actor }) =>
  json(await queueGroupAction(db, { op: 'invite_code', chatId: pathId(params.id, 'group') }, actor), 202),
);

export const DELETE = apiRoute<{ id: string }>(op.delete, async ({ db, params, actor }) =>
  json(await queueGroupAction(db, { op: 'revoke_invite', chatId: pathId(params.id, 'group') }, actor), 202),
);
