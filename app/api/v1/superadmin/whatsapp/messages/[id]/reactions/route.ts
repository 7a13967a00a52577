import { pathId, readJson } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { reactionBody } from '@/lib/api/schemas/whatsapp';
import { queueReaction } from '@/lib/whatsapp/queue-reaction';

const op = operationsAt('/api/v1/superadmin/whatsapp/messages/{id}/reactions/');

/** 202: our reaction is queued ('' takes it back); poll GET …/commands/{id}/ for the outcome. */
export const POST = apiRoute<{ id: string }>(op.post, async ({ db, request, params, actor }) => {
  const messageId = pathId(params.id, 'message');
  const input = await readJson(request, reactionBody);
  const idempotencyKey = input.idempotencyKey ?? request.headers.get('idempotency-key') ?? undefined;
  return json(await queueReaction(db, { messageId, emoji: input.emoji, idempotencyKey }, actor), 202);
});
