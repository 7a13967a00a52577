import { pathId, readJson } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { markReadBody } from '@/lib/api/schemas/details';
import { markChatRead } from '@/lib/whatsapp/mark-read';

const op = operationsAt('/api/v1/superadmin/whatsapp/chats/{id}/read/');

export const POST = apiRoute<{ id: string }>(op.post, async ({ db, request, params, actor }) => {
  const chatId = pathId(params.id, 'chat');
  const { read } = await readJson(request, markReadBody);
  return json(await markChatRead(db, { chatId, read }, actor));
});
