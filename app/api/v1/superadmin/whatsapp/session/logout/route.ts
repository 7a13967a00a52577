import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { sessionQuery } from '@/lib/api/schemas/common';
import { sessionFor } from '@/lib/whatsapp/lookups';
import { queueSessionAction } from '@/lib/whatsapp/sessions/control';

/** 202 with the queued command. */
export const POST = apiRoute('write', async ({ db, url, actor }) => {
  const { session } = readQuery(url, sessionQuery);
  const { id } = await sessionFor(db, session);
  const { command } = await queueSessionAction(db, id, { action: 'logout' }, actor);
  return json({ command }, 202);
});
