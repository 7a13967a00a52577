import { inboundWebhookRoute } from '@/lib/api/inbound';
import { applyGatewayStatus, statusBody } from '@/lib/webhooks/inbound';

/** Signed (see README): the gateway's connection state. */
export const POST = inboundWebhookRoute(statusBody, ({ db }, body, session) =>
  applyGatewayStatus(db, { ...body, session }),
);
