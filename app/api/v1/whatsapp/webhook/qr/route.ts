import { inboundWebhookRoute } from '@/lib/api/inbound';
import { applyGatewayQr, qrBody } from '@/lib/webhooks/inbound';

/** Signed (see README): the QR to scan, or `null` once it is gone. */
export const POST = inboundWebhookRoute(qrBody, ({ db }, body, session) =>
  applyGatewayQr(db, { ...body, session }),
);
