import type { Actor } from '../audit/actor';
import type { Db } from '../db';
import { getDb } from '../db';
import { observeApiRequest, routeTemplate } from '../metrics/web';
import { errorResponse } from './errors';
import { accessOf, type OperationKey } from './openapi/operations';
import { type Access, actorOf, authenticate, authorize, checkSameOrigin, type Principal } from './principal';
import { requestIdOf, withRequestId } from './request-id';

export interface RouteContext<P> {
  request: Request;
  url: URL;
  db: Db;
  principal: Principal;
  actor: Actor;
  params: P;
}

/** A route outside the API document (the dashboard's live stream): its access is declared where it is served. */
export interface InternalRoute {
  internal: Access;
}

/**
 * Every authenticated route handler is built with this, so none can skip a step: authenticate (cookie or API
 * key) → authorize for the operation's access (declared once, in lib/api/openapi/operations.ts) → same-origin
 * check for cookie changes → the handler → errors mapped by the one edge helper. The handler itself only
 * parses input, calls a verb and shapes the answer.
 */
export function apiRoute<P extends Record<string, string | string[]> = Record<string, never>>(
  operation: OperationKey | InternalRoute,
  handler: (ctx: RouteContext<P>) => Promise<Response>,
) {
  const access = typeof operation === 'string' ? accessOf(operation) : operation.internal;
  return async (request: Request, segment: { params: Promise<P> }): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdOf(request);
    const url = new URL(request.url);
    // Next always passes a params promise; a rejected one can only mean no dynamic segments: no params.
    const params = ((await Promise.resolve(segment?.params).catch(() => undefined)) ?? {}) as P;
    const route = routeTemplate(url.pathname, params);
    let response: Response;
    try {
      const db = getDb();
      const principal = await authenticate(request);
      authorize(principal, access);
      checkSameOrigin(principal, request);
      const ctx = { request, url, db, principal, actor: actorOf(principal), params };
      response = await handler(ctx);
    } catch (error) {
      response = errorResponse(error, { requestId, method: request.method, route });
    }
    observeApiRequest(
      { method: request.method, route, status: response.status },
      (performance.now() - started) / 1000,
    );
    return withRequestId(response, requestId);
  };
}

/** A JSON answer that no cache keeps (everything here is per-user and changes). */
export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(data, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

/** The same for a body that is JSON text already (written by PostgreSQL, e.g. a history page). */
export function jsonText(body: string, status = 200): Response {
  return new Response(body, {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });
}
