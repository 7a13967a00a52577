import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { sessionQuery } from '@/lib/api/schemas/common';
import { getConfig } from '@/lib/config';
import { sessionFor } from '@/lib/whatsapp/lookups';
import { presentSessionStatus } from '@/lib/whatsapp/sessions/view';

const op = operationsAt('/api/v1/superadmin/whatsapp/status/');

export const GET = apiRoute(op.get, async ({ db, url }) => {
  const { session } = readQuery(url, sessionQuery);
  const row = await sessionFor(db, session);
  return json(presentSessionStatus(row, { staleSeconds: getConfig().WORKER_STALE_SECONDS }));
});
