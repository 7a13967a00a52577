import { getDb, getDbHandle } from '@/lib/db';
import { EventHub } from '@/lib/events/hub';
import { withChatRows } from '@/lib/whatsapp/live-rows';

const holder = globalThis as unknown as { __tukiHub?: EventHub };

/** The process's single hub (kept across dev reloads); its events carry the rows of the chats they name. */
export function eventHub(): EventHub {
  holder.__tukiHub ??= new EventHub(
    () => getDbHandle().sql,
    (event) => withChatRows(getDb(), event),
  );
  return holder.__tukiHub;
}
