import { pathId, readJson, readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { groupBody, sessionQuery } from '@/lib/api/schemas/common';
import { clearOperatorDefaultGroup, setOperatorDefaultGroup } from '@/lib/bindings/operator-default';

const op = operationsAt('/api/v1/superadmin/whatsapp/operators/{id}/default-group/');

/** The group every experience of the operator uses unless it has its own; `null` clears it. */
export const PATCH = apiRoute<{ id: string }>(op.patch, async ({ db, request, url, params, actor }) => {
  const operatorId = pathId(params.id, 'operator');
  const { chatId } = await readJson(request, groupBody);
  const { session } = readQuery(url, sessionQuery);
  return json(
    chatId === null
      ? await clearOperatorDefaultGroup(db, { operatorId }, actor)
      : await setOperatorDefaultGroup(db, { operatorId, chatId, session }, actor),
  );
});
