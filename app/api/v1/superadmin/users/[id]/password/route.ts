import { pathId, readJson } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { resetPasswordBody } from '@/lib/api/schemas/admin';
import { resetUserPassword } from '@/lib/auth/manage-users';

/** Sets the given password, or generates one and returns it once. */
export const POST = apiRoute<{ id: string }>('admin', async ({ db, request, params, actor }) => {
  const id = pathId(params.id, 'user');
  const body = await readJson(request, resetPasswordBody, { optional: true });
  return json(await resetUserPassword(db, { id, ...body }, actor));
});
