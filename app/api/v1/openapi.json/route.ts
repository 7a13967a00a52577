import { apiRoute, json } from '@/lib/api/handler';
import { openApiDocument } from '@/lib/api/openapi/document';

export const GET = apiRoute('read', async () => json(openApiDocument()));
