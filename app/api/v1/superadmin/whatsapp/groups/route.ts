import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { groupsQuery } from '@/lib/api/schemas/whatsapp';
import { withGroupUsage } from '@/lib/bindings/group-usage';
import { listChats } from '@/lib/whatsapp/list-chats';
import { sessionNameFor } from '@/lib/whatsapp/lookups';

const op = operationsAt('/api/v1/superadmin/whatsapp/groups/');

export const GET = apiRoute(op.get, async ({ db, url }) => {
  const { session, order, ...query } = readQuery(url, groupsQuery);
  const page = await listChats(db, {
    ...query,
    sessionName: sessionNameFor(session),
    kind: 'groups',
    order: order ?? 'name',
  });
  return json(await withGroupUsage(db, page));
});
