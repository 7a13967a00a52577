import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { sessionQuery } from '@/lib/api/schemas/common';
import { getConfig } from '@/lib/config';
import { getSessionQr } from '@/lib/whatsapp/sessions/view';

/** The QR links a phone to this console: a credential, so superadmins and write keys only. */
export const GET = apiRoute('write', async ({ db, url }) => {
  const { session } = readQuery(url, sessionQuery);
  return json(await getSessionQr(db, { name: session ?? getConfig().WA_SESSION }));
});
