import { pathId, readJson } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { resetPasswordBody } from '@/lib/api/schemas/admin';
import { resetUserPassword } from '@/lib/auth/manage-users';

const op = operationsAt('/api/v1/superadmin/users/{id}/password/');

/** Sets the given password, or generates one and returns it once. */
export const POST = apiRoute<{ id: string }>(op.post, async ({ db, request, params, actor }) => {
  const id = pathId(params.id, 'user');
  const body = await readJson(request, resetPasswordBody, { optional: true });
  return json(await resetUserPassword(db, { id, ...body }, actor));
});
