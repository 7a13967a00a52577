import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { experiencesQuery } from '@/lib/api/schemas/whatsapp';
import { listExperiences } from '@/lib/platform/list-experiences';

const op = operationsAt('/api/v1/superadmin/whatsapp/experiences/');

export const GET = apiRoute(op.get, async ({ db, url }) =>
  json(await listExperiences(db, readQuery(url, experiencesQuery))),
);
