import { pathId, readJson, readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { sessionQuery } from '@/lib/api/schemas/common';
import { createOperatorGroupBody } from '@/lib/api/schemas/details';
import { createOperatorGroup } from '@/lib/groups/group-ops';
import { sessionFor } from '@/lib/whatsapp/lookups';

const op = operationsAt('/api/v1/superadmin/whatsapp/operators/{id}/group/');

/** 202: the worker creates the group and sets it as the operator's default; poll the command. */
export const POST = apiRoute<{ id: string }>(op.post, async ({ db, request, url, params, actor }) => {
  const operatorId = pathId(params.id, 'operator');
  const { session } = readQuery(url, sessionQuery);
  const body = await readJson(request, createOperatorGroupBody);
  const { id: sessionId } = await sessionFor(db, session);
  return json(await createOperatorGroup(db, { operatorId, sessionId, ...body }, actor), 202);
});
