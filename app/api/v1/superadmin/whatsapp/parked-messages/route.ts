import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { parkedMessagesQuery } from '@/lib/api/schemas/whatsapp';
import { sessionFor } from '@/lib/whatsapp/lookups';
import { listParkedMessages } from '@/lib/whatsapp/parked-messages';

const op = operationsAt('/api/v1/superadmin/whatsapp/parked-messages/');

/** Messages whose processing failed and wait for a person, newest first, with the error and a total. */
export const GET = apiRoute(op.get, async ({ db, url }) => {
  const { session, limit } = readQuery(url, parkedMessagesQuery);
  const { id: sessionId } = await sessionFor(db, session);
  return json(await listParkedMessages(db, { sessionId, limit }));
});
