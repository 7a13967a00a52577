import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { chatsQuery } from '@/lib/api/schemas/whatsapp';
import { listChats } from '@/lib/whatsapp/list-chats';
import { sessionFor } from '@/lib/whatsapp/lookups';

const op = operationsAt('/api/v1/superadmin/whatsapp/chats/');

export const GET = apiRoute(op.get, async ({ db, url }) => {
  const { session, order, ...query } = readQuery(url, chatsQuery);
  const { id: sessionId } = await sessionFor(db, session);
  return json(await listChats(db, { ...query, sessionId, order: order ?? 'recent' }));
});
