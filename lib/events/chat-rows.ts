import type { ChatItem } from '../api/schemas/responses';
import type { LiveEvent } from './notify';

/**
 * The live stream as the browser receives it: a chats or messages event naming at most CHAT_ROWS_MAX chats
 * also carries those chats' rows as the API would answer them (`chats`; a named chat missing from it no
 * longer exists), read once by the web process for every tab it serves, so a list moves a chat into place
 * without asking the API for it. Larger events and any event whose rows could not be read come bare.
 */
export type StreamEvent = LiveEvent & { chats?: ChatItem[] };

/** More chats than this in one event (a sync, a burst) and the lists are refetched instead of patched. */
export const CHAT_ROWS_MAX = 10;
