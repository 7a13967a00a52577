import { readJson } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { createUserBody } from '@/lib/api/schemas/admin';
import { inviteUser, listUsers } from '@/lib/auth/manage-users';

export const GET = apiRoute('admin', async ({ db }) => json(await listUsers(db)));

/** 201; without `password`, a generated one is in the answer (once). */
export const POST = apiRoute('admin', async ({ db, request, actor }) => {
  const input = await readJson(request, createUserBody);
  return json(await inviteUser(db, input, actor), 201);
});
