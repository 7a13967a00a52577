import { getDbHandle } from '@/lib/db';
import { EventHub } from '@/lib/events/hub';

const holder = globalThis as unknown as { __tukiHub?: EventHub };

/** The process's single hub (kept across dev reloads). */
export function eventHub(): EventHub {
  holder.__tukiHub ??= new EventHub(() => getDbHandle().sql);
  return holder.__tukiHub;
}
