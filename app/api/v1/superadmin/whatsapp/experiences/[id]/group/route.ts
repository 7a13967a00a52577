import { pathId, readJson, readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { groupBody, sessionQuery } from '@/lib/api/schemas/common';
import {
  bindExperienceGroup,
  resetExperienceGroup,
  unbindExperience,
} from '@/lib/bindings/experience-binding';

const op = operationsAt('/api/v1/superadmin/whatsapp/experiences/{id}/group/');

/** A group of its own for the experience (an override), or `null` to follow its operator's default again. */
export const PATCH = apiRoute<{ id: string }>(op.patch, async ({ db, request, url, params, actor }) => {
  const experienceId = pathId(params.id, 'experience');
  const { chatId } = await readJson(request, groupBody);
  const { session } = readQuery(url, sessionQuery);
  return json(
    chatId === null
      ? await resetExperienceGroup(db, { experienceId }, actor)
      : await bindExperienceGroup(db, { experienceId, chatId, session }, actor),
  );
});

/** No group of its own and no inherited binding: only the operator's default (if any) remains. */
export const DELETE = apiRoute<{ id: string }>(op.delete, async ({ db, params, actor }) => {
  const experienceId = pathId(params.id, 'experience');
  return json(await unbindExperience(db, { experienceId }, actor));
});
