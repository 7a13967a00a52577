import { readQuery } from '@/lib/api/body';
import { apiRoute } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { requestsExportQuery } from '@/lib/api/schemas/search';
import { exportRequests } from '@/lib/exports/requests-export';
import { streamedDownload } from '@/lib/exports/stream';

const op = operationsAt('/api/v1/superadmin/whatsapp/reservation-requests/export/');

export const GET = apiRoute(op.get, async ({ db, url, actor }) => {
  const { format: _, ...filters } = readQuery(url, requestsExportQuery);
  const { chunks, ...download } = await exportRequests(db, filters, actor);
  return streamedDownload(chunks, download);
});
