import { readJson } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { createUserBody } from '@/lib/api/schemas/admin';
import { inviteUser, listUsers } from '@/lib/auth/manage-users';

const op = operationsAt('/api/v1/superadmin/users/');

export const GET = apiRoute(op.get, async ({ db }) => json(await listUsers(db)));

/** 201; without `password`, a generated one is in the answer (once). */
export const POST = apiRoute(op.post, async ({ db, request, actor }) => {
  const input = await readJson(request, createUserBody);
  return json(await inviteUser(db, input, actor), 201);
});
