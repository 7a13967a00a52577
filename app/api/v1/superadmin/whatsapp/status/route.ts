import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { sessionQuery } from '@/lib/api/schemas/common';
import { getConfig } from '@/lib/config';
import { sessionFor } from '@/lib/whatsapp/lookups';
import { presentSessionStatus } from '@/lib/whatsapp/sessions/view';

export const GET = apiRoute('read', async ({ db, url }) => {
  const { session } = readQuery(url, sessionQuery);
  const row = await sessionFor(db, session);
  return json(presentSessionStatus(row, { staleSeconds: getConfig().WORKER_STALE_SECONDS }));
});
