import { authenticate } from '@/lib/api/principal';
import { getConfig } from '@/lib/config';
import { getDbHandle } from '@/lib/db';
import { checkHealth, healthSummary } from '@/lib/health/check-health';

export const dynamic = 'force-dynamic';

/** Public (probes call it without credentials): the details only for a signed-in person or an API key. */
export async function GET(request: Request) {
  const health = await checkHealth(getDbHandle().sql, { staleSeconds: getConfig().WORKER_STALE_SECONDS });
  const known = await authenticate(request).then(
    () => true,
    () => false,
  );
  return Response.json(known ? health : healthSummary(health), {
    status: health.ok ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
}
