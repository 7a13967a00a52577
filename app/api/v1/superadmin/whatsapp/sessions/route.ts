import { readJson } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { getConfig } from '@/lib/config';
import {
  createSession,
  createSessionInput,
  getSessionView,
  listSessionViews,
} from '@/lib/whatsapp/sessions/manage';

const op = operationsAt('/api/v1/superadmin/whatsapp/sessions/');
const timing = () => ({
  staleSeconds: getConfig().WORKER_STALE_SECONDS,
  leaseSeconds: getConfig().WORKER_LEASE_SECONDS,
});

export const GET = apiRoute(op.get, async ({ db }) => json({ items: await listSessionViews(db, timing()) }));

/** 201 with the new number; a worker with room claims it within seconds and shows its QR. */
export const POST = apiRoute(op.post, async ({ db, request, actor }) => {
  const body = await readJson(request, createSessionInput);
  const row = await createSession(db, body, actor);
  return json(await getSessionView(db, row.name, timing()), 201);
});
