import { pathId, readQuery } from '@/lib/api/body';
import { apiRoute } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { chatExportQuery } from '@/lib/api/schemas/search';
import { exportChat } from '@/lib/exports/chat-export';
import { streamedDownload } from '@/lib/exports/stream';

const op = operationsAt('/api/v1/superadmin/whatsapp/chats/{id}/export/');

export const GET = apiRoute<{ id: string }>(op.get, async ({ db, url, params, actor }) => {
  const chatId = pathId(params.id, 'chat');
  const { format, timeZone } = readQuery(url, chatExportQuery);
  const { chunks, ...download } = await exportChat(
    db,
    { chatId, format, timeZone, origin: url.origin },
    actor,
  );
  return streamedDownload(chunks, download);
});
