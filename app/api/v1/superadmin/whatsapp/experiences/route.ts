import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { experiencesQuery } from '@/lib/api/schemas/whatsapp';
import { listExperiences } from '@/lib/platform/list-experiences';

export const GET = apiRoute('read', async ({ db, url }) =>
  json(await listExperiences(db, readQuery(url, experiencesQuery))),
);
