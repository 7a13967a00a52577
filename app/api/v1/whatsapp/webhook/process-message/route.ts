import { inboundWebhookRoute } from '@/lib/api/inbound';
import { ingestGatewayMessages, processMessageBody } from '@/lib/webhooks/inbound';

/** Signed (see README): one `message` or a batch of `messages`; a message already stored is not stored again. */
export const POST = inboundWebhookRoute(processMessageBody, (handle, body, session) =>
  ingestGatewayMessages(handle, { session, messages: 'messages' in body ? body.messages : [body.message] }),
);
