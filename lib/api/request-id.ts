import { randomUUID } from 'node:crypto';

/** What a caller-supplied id may look like: a load balancer's or tracing system's id, never free text. */
const ACCEPTED = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request's id: the caller's `X-Request-Id` when it is a plausible id (so one id follows a request
 * through the load balancer and our logs), else a fresh UUID. It is echoed on the answer and logged with
 * every error, so a person holding a failed answer can find its log line.
 */
export function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given && ACCEPTED.test(given) ? given : randomUUID();
}

export function withRequestId(response: Response, requestId: string): Response {
  try {
    response.headers.set('X-Request-Id', requestId);
    return response;
  } catch {
    // Headers of some responses are immutable (a proxied fetch): copy into a new one.
    const copy = new Response(response.body, response);
    copy.headers.set('X-Request-Id', requestId);
    return copy;
  }
}
