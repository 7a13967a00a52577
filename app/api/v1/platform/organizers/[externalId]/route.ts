import { readJson } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { organizerInputSchema } from '@/lib/platform/schemas';
import { upsertOrganizer } from '@/lib/platform/upsert-organizer';

/** Create or update by the marketplace's id: 201 when created, 200 when updated. */
export const PUT = apiRoute<{ externalId: string }>('write', async ({ db, request, params }) => {
  const input = await readJson(request, organizerInputSchema);
  const { organizer, created } = await upsertOrganizer(db, params.externalId, input);
  return json({ organizer, created }, created ? 201 : 200);
});
