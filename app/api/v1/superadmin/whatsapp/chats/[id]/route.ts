import { pathId } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { getChat } from '@/lib/whatsapp/list-chats';

export const GET = apiRoute<{ id: string }>('read', async ({ db, params }) =>
  json(await getChat(db, pathId(params.id, 'chat'))),
);
