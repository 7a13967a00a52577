import { readJson } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { getExperience } from '@/lib/platform/list-experiences';
import { experienceInputSchema } from '@/lib/platform/schemas';
import { upsertExperience } from '@/lib/platform/upsert-experience';

const op = operationsAt('/api/v1/platform/experiences/{externalId}/');

/**
 * Create or update by the marketplace's id: 201 when created, 200 when updated. The organizer's tour operator
 * is created with its first experience; the answer shows the experience's resolved group.
 */
export const PUT = apiRoute<{ externalId: string }>(op.put, async ({ db, request, params }) => {
  const input = await readJson(request, experienceInputSchema);
  const result = await upsertExperience(db, params.externalId, input);
  return json(
    {
      experience: await getExperience(db, result.experience.id),
      created: result.created,
      operatorCreated: result.operatorCreated,
      bindingCreated: result.bindingCreated,
    },
    result.created ? 201 : 200,
  );
});
