import { apiRoute } from '@/lib/api/handler';
import { openApiJson } from '@/lib/api/openapi/document';

export const GET = apiRoute(
  'read',
  async () =>
    new Response(openApiJson(), {
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    }),
);
