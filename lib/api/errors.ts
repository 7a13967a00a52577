import { DomainError, RateLimited } from '../errors';
import { createLogger } from '../log';

/**
 * THE edge helper: every route handler's errors end here and leave as
 * `{ "error": { "code", "message", "details"? } }` with the status that fits. Verbs throw typed domain errors;
 * the few errors only HTTP has (a body that is not JSON, too large, the wrong media type) are defined here.
 */

/** The request cannot be understood at all: not JSON, a malformed query parameter. */
export class BadRequest extends DomainError {
  static override readonly kind: string = 'BadRequest';
  constructor(message: string, details?: unknown) {
    super('bad_request', message, details);
  }
}

export class PayloadTooLarge extends DomainError {
  static override readonly kind: string = 'PayloadTooLarge';
  constructor(readonly limitBytes: number) {
    super('payload_too_large', `The request body exceeds ${limitBytes} bytes.`, { limitBytes });
  }
}

export class UnsupportedMediaType extends DomainError {
  static override readonly kind: string = 'UnsupportedMediaType';
  constructor() {
    super('unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
  }
}

const STATUS_BY_CODE: Record<string, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  // A well-formed request whose content breaks a rule (zod issues, a domain invariant).
  invalid: 422,
  rate_limited: 429,
};

/**
 * PostgreSQL errors that can only come from input the validation let through (a NUL byte in a string, a number
 * out of range). They must not become 500s; the domain validates first, this is the safety net.
 */
const PG_INPUT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  '22P02': { status: 400, code: 'bad_request', message: 'A value has the wrong format.' },
  '22003': { status: 400, code: 'bad_request', message: 'A number is out of range.' },
  '22021': { status: 400, code: 'bad_request', message: 'Text contains bytes that are not valid UTF-8.' },
  '22007': { status: 400, code: 'bad_request', message: 'A date or time has the wrong format.' },
  '22008': { status: 400, code: 'bad_request', message: 'A date or time is out of range.' },
  '22P05': { status: 400, code: 'bad_request', message: 'Text contains characters that cannot be stored.' },
  '22001': { status: 422, code: 'invalid', message: 'A value is too long.' },
  '23505': { status: 409, code: 'conflict', message: 'That already exists.' },
  '23503': { status: 409, code: 'conflict', message: 'It refers to something that does not exist.' },
};

const log = createLogger('api');

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** `context` (request id, route) goes into the log line of an unexpected error, so it can be found from the answer. */
export function errorResponse(error: unknown, context: Record<string, unknown> = {}): Response {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (error instanceof DomainError) {
    const status = STATUS_BY_CODE[error.code] ?? 400;
    if (error instanceof RateLimited) headers['Retry-After'] = String(Math.max(1, error.retryAfterSeconds));
    if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
    return Response.json(errorBody(error.code, error.message, error.details), { status, headers });
  }
  const pgCode = (error as { code?: unknown } | null)?.code;
  if (typeof pgCode === 'string' && PG_INPUT_ERRORS[pgCode]) {
    const mapped = PG_INPUT_ERRORS[pgCode]!;
    return Response.json(errorBody(mapped.code, mapped.message), { status: mapped.status, headers });
  }
  // Only the error itself is logged: request bodies may carry messages or secrets.
  log.error({ ...context, err: error }, 'unexpected error in an API route');
  return Response.json(errorBody('internal', 'Something went wrong on our side.'), { status: 500, headers });
}
