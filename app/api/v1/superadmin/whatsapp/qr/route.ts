import { readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { sessionQuery } from '@/lib/api/schemas/common';
import { getConfig } from '@/lib/config';
import { getSessionQr } from '@/lib/whatsapp/sessions/view';

const op = operationsAt('/api/v1/superadmin/whatsapp/qr/');

/** The QR links a phone to this console: a credential, so superadmins and write keys only. */
export const GET = apiRoute(op.get, async ({ db, url }) => {
  const { session } = readQuery(url, sessionQuery);
  return json(await getSessionQr(db, { name: session ?? getConfig().WA_SESSION }));
});
