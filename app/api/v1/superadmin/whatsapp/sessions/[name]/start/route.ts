import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { getConfig } from '@/lib/config';
import { getSessionView, setSessionDesiredState } from '@/lib/whatsapp/sessions/manage';

const op = operationsAt('/api/v1/superadmin/whatsapp/sessions/{name}/start/');

export const POST = apiRoute<{ name: string }>(op.post, async ({ db, params, actor }) => {
  await setSessionDesiredState(db, params.name, 'running', actor);
  const config = getConfig();
  return json(
    await getSessionView(db, params.name, {
      staleSeconds: config.WORKER_STALE_SECONDS,
      leaseSeconds: config.WORKER_LEASE_SECONDS,
    }),
  );
});
