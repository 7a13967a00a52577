import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { searchMessagesQuery } from '@/lib/api/schemas/search';
import { sessionFor } from '@/lib/whatsapp/lookups';
import { searchMessages } from '@/lib/whatsapp/search-messages';

const op = operationsAt('/api/v1/superadmin/whatsapp/messages/search/');

export const GET = apiRoute(op.get, async ({ db, url }) => {
  const { session, allSessions, ...query } = readQuery(url, searchMessagesQuery);
  const sessionId = allSessions ? undefined : (await sessionFor(db, session)).id;
  return json(await searchMessages(db, { ...query, sessionId }));
});
