import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { groupsQuery } from '@/lib/api/schemas/whatsapp';
import { withGroupUsage } from '@/lib/bindings/group-usage';
import { listChats } from '@/lib/whatsapp/list-chats';
import { sessionFor } from '@/lib/whatsapp/lookups';

export const GET = apiRoute('read', async ({ db, url }) => {
  const { session, order, ...query } = readQuery(url, groupsQuery);
  const { id: sessionId } = await sessionFor(db, session);
  const page = await listChats(db, { ...query, sessionId, kind: 'groups', order: order ?? 'name' });
  return json(await withGroupUsage(db, page));
});
