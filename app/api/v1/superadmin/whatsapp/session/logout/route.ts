import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { sessionQuery } from '@/lib/api/schemas/common';
import { sessionFor } from '@/lib/whatsapp/lookups';
import { queueSessionAction } from '@/lib/whatsapp/sessions/control';

const op = operationsAt('/api/v1/superadmin/whatsapp/session/logout/');

/** 202 with the queued command. */
export const POST = apiRoute(op.post, async ({ db, url, actor }) => {
  const { session } = readQuery(url, sessionQuery);
  const row = await sessionFor(db, session);
  const { command } = await queueSessionAction(db, row, { action: 'logout' }, actor);
  return json({ command }, 202);
});
