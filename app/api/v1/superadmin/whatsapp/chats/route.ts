import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { chatsQuery } from '@/lib/api/schemas/whatsapp';
import { listChats } from '@/lib/whatsapp/list-chats';
import { sessionFor } from '@/lib/whatsapp/lookups';

export const GET = apiRoute('read', async ({ db, url }) => {
  const { session, order, ...query } = readQuery(url, chatsQuery);
  const { id: sessionId } = await sessionFor(db, session);
  return json(await listChats(db, { ...query, sessionId, order: order ?? 'recent' }));
});
