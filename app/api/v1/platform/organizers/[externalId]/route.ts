import { readJson } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { organizerInputSchema } from '@/lib/platform/schemas';
import { upsertOrganizer } from '@/lib/platform/upsert-organizer';

const op = operationsAt('/api/v1/platform/organizers/{externalId}/');

/** Create or update by the marketplace's id: 201 when created, 200 when updated. */
export const PUT = apiRoute<{ externalId: string }>(op.put, async ({ db, request, params }) => {
  const input = await readJson(request, organizerInputSchema);
  const { organizer, created } = await upsertOrganizer(db, params.externalId, input);
  return json({ organizer, created }, created ? 201 : 200);
});
