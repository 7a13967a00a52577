import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { overviewQuery } from '@/lib/api/schemas/dashboard';
import { getConfig } from '@/lib/config';
import { getOverview } from '@/lib/overview/get-overview';

const op = operationsAt('/api/v1/superadmin/overview/');

export const GET = apiRoute(op.get, async ({ db, url }) => {
  const { session, tz } = readQuery(url, overviewQuery);
  const config = getConfig();
  return json(
    await getOverview(db, {
      session: session ?? config.WA_SESSION,
      timeZone: tz,
      staleSeconds: config.WORKER_STALE_SECONDS,
    }),
  );
});
