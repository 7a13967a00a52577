import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { chatsQuery } from '@/lib/api/schemas/whatsapp';
import { listChats } from '@/lib/whatsapp/list-chats';
import { sessionNameFor } from '@/lib/whatsapp/lookups';

const op = operationsAt('/api/v1/superadmin/whatsapp/chats/');

export const GET = apiRoute(op.get, async ({ db, url }) => {
  const { session, order, ...query } = readQuery(url, chatsQuery);
  return json(
    await listChats(db, { ...query, sessionName: sessionNameFor(session), order: order ?? 'recent' }),
  );
});
