export const dynamic = 'force-dynamic';

/**
 * Liveness: the process serves HTTP. No database, no auth — what a load balancer or Kubernetes restarts a
 * stuck process on (readiness, with the database and the worker, is `/api/health`). It is also the floor
 * `bench:api` measures every endpoint against: what Next alone costs per request here.
 */
export function GET() {
  return Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
}
