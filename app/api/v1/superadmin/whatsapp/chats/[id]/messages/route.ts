import { pathId, readJson, readQuery } from '@/lib/api/body';
import { BadRequest } from '@/lib/api/errors';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { historyQuery } from '@/lib/api/schemas/search';
import { sendMessageBody } from '@/lib/api/schemas/whatsapp';
import { listMessages } from '@/lib/whatsapp/list-messages';
import { queueChatMessage } from '@/lib/whatsapp/queue-message';

const op = operationsAt('/api/v1/superadmin/whatsapp/chats/{id}/messages/');

export const GET = apiRoute<{ id: string }>(op.get, async ({ db, url, params }) => {
  const chatId = pathId(params.id, 'chat');
  return json(await listMessages(db, { chatId, ...readQuery(url, historyQuery) }));
});

/** 202: the message is queued; poll GET …/commands/{id}/ for the outcome. */
export const POST = apiRoute<{ id: string }>(op.post, async ({ db, request, params, actor }) => {
  const chatId = pathId(params.id, 'chat');
  const input = await readJson(request, sendMessageBody);
  const header = request.headers.get('idempotency-key') ?? undefined;
  if (header !== undefined && (header.length === 0 || header.length > 150))
    throw new BadRequest('Idempotency-Key must be 1 to 150 characters.');
  const { command, created } = await queueChatMessage(
    db,
    { chatId, body: input.body, idempotencyKey: input.idempotencyKey ?? header },
    actor,
  );
  return json({ command, created }, 202);
});
