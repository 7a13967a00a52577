import { pathId } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { getChat } from '@/lib/whatsapp/list-chats';

const op = operationsAt('/api/v1/superadmin/whatsapp/chats/{id}/');

export const GET = apiRoute<{ id: string }>(op.get, async ({ db, params }) =>
  json(await getChat(db, pathId(params.id, 'chat'))),
);
