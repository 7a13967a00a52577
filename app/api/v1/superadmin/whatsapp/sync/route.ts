import { readJson, readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { sessionQuery } from '@/lib/api/schemas/common';
import { syncBody } from '@/lib/api/schemas/whatsapp';
import { queueSync } from '@/lib/whatsapp/queue-message';

const op = operationsAt('/api/v1/superadmin/whatsapp/sync/');

/** 202 with the queued command: the chat list, or one chat's history when `chatId` is given. */
export const POST = apiRoute(op.post, async ({ db, request, url, actor }) => {
  const { session } = readQuery(url, sessionQuery);
  const body = await readJson(request, syncBody, { optional: true });
  const { command, created } = await queueSync(
    db,
    { session, chatId: body.chatId, limit: body.limit },
    actor,
  );
  return json({ command, created }, 202);
});
