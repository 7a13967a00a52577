import { apiRoute } from '@/lib/api/handler';
import { authenticate, authorize } from '@/lib/api/principal';
import { getConfig } from '@/lib/config';
import type { StreamEvent } from '@/lib/events/chat-rows';
import { eventHub } from '../../_lib/event-hub';

export const dynamic = 'force-dynamic';

/**
 * The dashboard's live stream (Server-Sent Events), one per tab, for signed-in superadmins only. Events are
 * small pointers (ids; a few chats' rows ride along, see StreamEvent); the browser refetches what changed. A comment line every 15 s keeps proxies from
 * closing an idle stream and lets the client notice a dead one. The caller is checked again every
 * SSE_RECHECK_SECONDS: a stream opened before a sign-out, a disable or a demotion is closed then.
 */
export const GET = apiRoute({ internal: 'admin' }, async ({ request }) => {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = await eventHub().subscribe((event: StreamEvent) =>
        send(`data: ${JSON.stringify(event)}\n\n`),
      );
      const ping = setInterval(() => send(': ping\n\n'), 15_000);
      const close = () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      const recheck = setInterval(() => {
        authenticate(request)
          .then((principal) => authorize(principal, 'admin'))
          .catch(close);
      }, getConfig().SSE_RECHECK_SECONDS * 1000);
      cleanup = () => {
        clearInterval(ping);
        clearInterval(recheck);
        unsubscribe();
      };
      request.signal.addEventListener('abort', close);
      // Only now is the LISTEN active: the browser refetches on `ready`, so nothing between its page load and
      // this point is missed (the response headers, and `onopen`, can come before the subscription).
      send('retry: 2000\nevent: ready\ndata: {}\n\n');
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    },
  });
});
