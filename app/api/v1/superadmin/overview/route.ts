import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { overviewQuery } from '@/lib/api/schemas/dashboard';
import { getConfig } from '@/lib/config';
import { getOverview } from '@/lib/overview/get-overview';

export const GET = apiRoute('read', async ({ db, url }) => {
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
