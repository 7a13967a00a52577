import { apiRoute } from '@/lib/api/handler';
import { openApiJson } from '@/lib/api/openapi/document';
import { operationsAt } from '@/lib/api/openapi/operations';

const op = operationsAt('/api/v1/openapi.json');

export const GET = apiRoute(
  op.get,
  async () =>
    new Response(openApiJson(), {
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    }),
);
