import { getConfig } from '../config';
import type { Tx } from '../db';
import { findChatByWaId } from './list-chats';
import { findSessionByName } from './sessions/view';

/** The name of the session a request is about: `?session=` or the configured WA_SESSION. */
export function sessionNameFor(name: string | undefined): string {
  return name ?? getConfig().WA_SESSION;
}

/** The session a request is about (see sessionNameFor). 404 when it does not exist yet. */
export function sessionFor(db: Tx, name: string | undefined) {
  return findSessionByName(db, sessionNameFor(name));
}

/**
 * A chat named either way the API accepts: our numeric id (a number or digits) or a WhatsApp id, which is
 * looked up in the given session because WhatsApp ids are only unique per number. Verbs call it inside their
 * own transaction, so the chat they act on is the one they found.
 */
export async function chatIdFrom(db: Tx, value: number | string, sessionName: string | undefined) {
  if (typeof value === 'number') return value;
  if (/^\d+$/.test(value)) return Number(value);
  const session = await sessionFor(db, sessionName);
  return (await findChatByWaId(db, session.id, value)).id;
}
