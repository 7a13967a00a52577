import type { Tx } from '../db';
import { CHAT_ROWS_MAX, type StreamEvent } from '../events/chat-rows';
import type { LiveEvent } from '../events/notify';
import { getChats } from './list-chats';

/** A live event with the rows of the chats it names, when there are few enough (see StreamEvent). */
export async function withChatRows(db: Tx, event: LiveEvent): Promise<StreamEvent> {
  if (event.type !== 'chats' && event.type !== 'messages') return event;
  if (event.chatIds.length === 0 || event.chatIds.length > CHAT_ROWS_MAX) return event;
  const rows = await getChats(db, event.chatIds);
  // Same shape as GET /chats/{id}/: dates as ISO strings once serialized.
  return { ...event, chats: JSON.parse(JSON.stringify(rows)) };
}
