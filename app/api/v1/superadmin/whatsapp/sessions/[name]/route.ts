import { readJson } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { getConfig } from '@/lib/config';
import {
  deleteSession,
  deleteSessionInput,
  getSessionView,
  updateSessionInput,
  updateSessionLabel,
} from '@/lib/whatsapp/sessions/manage';

const op = operationsAt('/api/v1/superadmin/whatsapp/sessions/{name}/');
const timing = () => ({
  staleSeconds: getConfig().WORKER_STALE_SECONDS,
  leaseSeconds: getConfig().WORKER_LEASE_SECONDS,
});

export const GET = apiRoute<{ name: string }>(op.get, async ({ db, params }) =>
  json(await getSessionView(db, params.name, timing())),
);

export const PATCH = apiRoute<{ name: string }>(op.patch, async ({ db, request, params, actor }) => {
  const body = await readJson(request, updateSessionInput);
  await updateSessionLabel(db, params.name, body, actor);
  return json(await getSessionView(db, params.name, timing()));
});

/** `{ "messages": "keep" | "purge" }`: its chats stay read-only, or are deleted with it. */
export const DELETE = apiRoute<{ name: string }>(op.delete, async ({ db, request, params, actor }) => {
  const body = await readJson(request, deleteSessionInput);
  return json(await deleteSession(db, params.name, body, actor));
});
