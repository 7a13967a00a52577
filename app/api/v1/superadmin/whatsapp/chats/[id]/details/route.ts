import { pathId } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { getChatDetails } from '@/lib/whatsapp/chat-details';

const op = operationsAt('/api/v1/superadmin/whatsapp/chats/{id}/details/');

export const GET = apiRoute<{ id: string }>(op.get, async ({ db, params }) =>
  json(await getChatDetails(db, pathId(params.id, 'chat'))),
);
