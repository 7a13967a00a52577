import { pathId, readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { sessionQuery } from '@/lib/api/schemas/common';
import { sessionFor } from '@/lib/whatsapp/lookups';
import { replayParkedMessage } from '@/lib/whatsapp/parked-messages';

const op = operationsAt('/api/v1/superadmin/whatsapp/parked-messages/{id}/replay/');

/** Un-parks the message; 202 because the worker processes it (within seconds). 404 when it is not parked. */
export const POST = apiRoute<{ id: string }>(op.post, async ({ db, params, url, actor }) => {
  const { session } = readQuery(url, sessionQuery);
  const { id: sessionId } = await sessionFor(db, session);
  const messageId = pathId(params.id, 'parked message');
  return json(await replayParkedMessage(db, { sessionId, messageId, actor }), 202);
});
