import { pathId, readJson } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { updateUserBody } from '@/lib/api/schemas/admin';
import { getUser, updateUser } from '@/lib/auth/manage-users';

const op = operationsAt('/api/v1/superadmin/users/{id}/');

export const GET = apiRoute<{ id: string }>(op.get, async ({ db, params }) =>
  json(await getUser(db, pathId(params.id, 'user'))),
);

/** Role, disabled, name. Takes effect on the user's very next request (sessions re-read the user). */
export const PATCH = apiRoute<{ id: string }>(op.patch, async ({ db, request, params, actor }) => {
  const id = pathId(params.id, 'user');
  const patch = await readJson(request, updateUserBody);
  return json(await updateUser(db, { id, ...patch }, actor));
});
