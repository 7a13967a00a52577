import { cookies } from 'next/headers';
import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db';
import { listSessions } from '@/lib/whatsapp/sessions/lease';

export const SESSION_COOKIE = 'tuki-session';

/**
 * Which WhatsApp number the dashboard shows: the reader's choice (cookie) when that session exists, else
 * WA_SESSION (or the first number when that one was deleted). Returns the list too, so the header can offer the others.
 */
export async function getSessionChoice() {
  const sessions = await listSessions(getDb());
  const chosen = (await cookies()).get(SESSION_COOKIE)?.value;
  const fallback = getConfig().WA_SESSION;
  // The default number may have been deleted: then the first number left is shown.
  const current =
    sessions.find((s) => s.name === chosen)?.name ??
    (sessions.some((s) => s.name === fallback) ? fallback : (sessions[0]?.name ?? fallback));
  return { sessions, current };
}
