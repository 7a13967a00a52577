import { pathId } from '@/lib/api/body';
import { apiRoute } from '@/lib/api/handler';
import { mediaResponse } from '@/lib/api/media-response';
import { operationsAt } from '@/lib/api/openapi/operations';
import { storedMediaOf } from '@/lib/media/message-media';
import { mediaStore } from '@/lib/media/store';

const op = operationsAt('/api/v1/whatsapp/messages/{id}/media/');

/** The message's file: 200 whole, 206 for a `Range`, 416 for a range outside it; `?download=1` as attachment. */
export const GET = apiRoute<{ id: string }>(op.get, async ({ db, request, url, params }) => {
  const messageId = pathId(params.id, 'message');
  const media = await storedMediaOf(db, { messageId });
  return mediaResponse(mediaStore(db), media, {
    range: request.headers.get('range'),
    download: url.searchParams.get('download') === '1',
    messageId,
  });
});
