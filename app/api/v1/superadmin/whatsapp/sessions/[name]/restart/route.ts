import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { queueSessionCommand } from '@/lib/whatsapp/sessions/manage';

const op = operationsAt('/api/v1/superadmin/whatsapp/sessions/{name}/restart/');

/** 202 with the queued command, run by the worker that holds the number. */
export const POST = apiRoute<{ name: string }>(op.post, async ({ db, params, actor }) => {
  const { command } = await queueSessionCommand(db, params.name, 'restart', actor);
  return json({ command }, 202);
});
