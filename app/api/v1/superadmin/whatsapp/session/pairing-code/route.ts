import { z } from 'zod';
import { readJson, readQuery } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { sessionQuery } from '@/lib/api/schemas/common';
import { requestPairingCodePayload } from '@/lib/commands/enqueue';
import { sessionFor } from '@/lib/whatsapp/lookups';
import { queueSessionAction } from '@/lib/whatsapp/sessions/control';

const op = operationsAt('/api/v1/superadmin/whatsapp/session/pairing-code/');

const body = z.object({ phone: requestPairingCodePayload.shape.phone });

/** 202: the worker asks WhatsApp for a code; it appears in GET …/qr/ as `pairingCode`. */
export const POST = apiRoute(op.post, async ({ db, url, request, actor }) => {
  const { session } = readQuery(url, sessionQuery);
  const { phone } = await readJson(request, body);
  const row = await sessionFor(db, session);
  const { command } = await queueSessionAction(db, row, { action: 'request_pairing_code', phone }, actor);
  return json({ command }, 202);
});
