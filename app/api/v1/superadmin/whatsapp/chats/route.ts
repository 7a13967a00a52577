import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { sessionFor } from '@/lib/api/lookups';
import { chatsQuery } from '@/lib/api/schemas/whatsapp';
import { listChats } from '@/lib/whatsapp/list-chats';

export const GET = apiRoute('read', async ({ db, url }) => {
  const { session, order, ...query } = readQuery(url, chatsQuery);
  const { id: sessionId } = await sessionFor(db, session);
  return json(await listChats(db, { ...query, sessionId, order: order ?? 'recent' }));
});
