import type { z } from 'zod';
import { getConfig } from '../config';
import type { DbHandle } from '../db';
import { getDbHandle } from '../db';
import { Unauthorized } from '../errors';
import { firstUseOfSignature } from '../webhooks/replay';
import { checkSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../webhooks/signature';
import { isJsonContentType, parseJsonText, readRawBody, validate } from './body';
import { errorResponse, UnsupportedMediaType } from './errors';
import { json } from './handler';

/** Message batches are the largest legitimate inbound bodies (500 messages). */
const INBOUND_BODY_LIMIT = 2 * 1024 * 1024;

/**
 * The signed inbound webhooks: no session and no API key, a valid signature instead. Nothing is parsed, let
 * alone stored, before the signature over the raw bytes checks out; unsigned, forged, stale and replayed
 * requests all get 401 and change nothing.
 */
export function inboundWebhookRoute<S extends z.ZodType>(
  schema: S,
  handler: (handle: DbHandle, body: z.output<S>, session: string) => Promise<unknown>,
) {
  return async (request: Request): Promise<Response> => {
    try {
      const secret = getConfig().INBOUND_WEBHOOK_SECRET;
      if (!secret)
        throw new Unauthorized('Inbound webhooks are disabled: INBOUND_WEBHOOK_SECRET is not set.', {
          reason: 'inbound_disabled',
        });
      const raw = await readRawBody(request, INBOUND_BODY_LIMIT);
      const problem = checkSignature({
        secret,
        body: raw,
        timestamp: request.headers.get(TIMESTAMP_HEADER),
        signature: request.headers.get(SIGNATURE_HEADER),
      });
      if (problem) throw new Unauthorized(`Invalid webhook signature (${problem}).`, { reason: problem });
      if (!isJsonContentType(request)) throw new UnsupportedMediaType();
      const body = validate(schema, parseJsonText(raw), 'Invalid webhook body.') as z.output<S> & {
        session?: string;
      };
      // Recorded once the request is known to be usable: a refused body changes nothing, replayed or not.
      const signature = request.headers
        .get(SIGNATURE_HEADER)!
        .trim()
        .replace(/^sha256=/, '');
      if (!(await firstUseOfSignature(getDbHandle().db, signature)))
        throw new Unauthorized('This signed request was already received (replay).', { reason: 'replayed' });
      const result = await handler(getDbHandle(), body, body.session ?? getConfig().WA_SESSION);
      return json({ ok: true, ...(result as object) });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
