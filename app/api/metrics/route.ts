import { errorBody } from '@/lib/api/errors';
import { getConfig } from '@/lib/config';
import { getDbHandle } from '@/lib/db';
import { metricsAccess } from '@/lib/metrics/access';
import { webMetrics } from '@/lib/metrics/web';
import { eventHub } from '../../_lib/event-hub';

export const dynamic = 'force-dynamic';

const REFUSED = {
  disabled: 'Metrics are off: set METRICS_TOKEN and send it as "Authorization: Bearer <token>".',
  denied: 'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>".',
} as const;

/**
 * Prometheus scrape target of this web process (each worker has its own, see WORKER_METRICS_PORT). Needs
 * `Authorization: Bearer <METRICS_TOKEN>`; without a configured token every request gets 401, like any API
 * route without credentials. Not in the OpenAPI document: it is for Prometheus, not API clients.
 */
export async function GET(request: Request): Promise<Response> {
  const access = metricsAccess(request.headers.get('authorization'), getConfig().METRICS_TOKEN);
  if (access !== 'allowed')
    return Response.json(errorBody('unauthorized', REFUSED[access]), {
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer', 'Cache-Control': 'no-store' },
    });
  const metrics = webMetrics();
  metrics.sseClients.set(eventHub().size);
  await metrics.database.refresh(getDbHandle().sql);
  return new Response(await metrics.registry.metrics(), {
    headers: { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' },
  });
}
