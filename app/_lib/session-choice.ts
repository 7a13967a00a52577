import { cookies } from 'next/headers';
import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db';
import { listSessions } from '@/lib/whatsapp/sessions/lease';

export const SESSION_COOKIE = 'tuki-session';

/**
 * Which WhatsApp number the dashboard shows: the reader's choice (cookie) when that session exists, else
 * WA_SESSION. Returns the list too, so the header can offer the others.
 */
export async function getSessionChoice() {
  const sessions = await listSessions(getDb());
  const chosen = (await cookies()).get(SESSION_COOKIE)?.value;
  const current = sessions.find((s) => s.name === chosen)?.name ?? getConfig().WA_SESSION;
  return { sessions, current };
}
