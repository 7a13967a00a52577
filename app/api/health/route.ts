import { getConfig } from '@/lib/config';
import { getDbHandle } from '@/lib/db';
import { checkHealth } from '@/lib/health/check-health';

export const dynamic = 'force-dynamic';

export async function GET() {
  const health = await checkHealth(getDbHandle().sql, { staleSeconds: getConfig().WORKER_STALE_SECONDS });
  return Response.json(health, { status: health.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
