import { pathId } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { requestMediaDownload } from '@/lib/media/message-media';

const op = operationsAt('/api/v1/whatsapp/messages/{id}/media/download/');

/** 202: back in the download queue (the worker takes it within seconds); answers the state it is in now. */
export const POST = apiRoute<{ id: string }>(op.post, async ({ db, params, actor }) => {
  const messageId = pathId(params.id, 'message');
  return json(await requestMediaDownload(db, { messageId, actor }), 202);
});
