import { z } from 'zod';
import { Invalid, NotFound } from '../errors';
import { BadRequest, PayloadTooLarge, UnsupportedMediaType } from './errors';

/** Default body limit of the API; routes that take batches pass a larger one. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * The body's bytes, refusing more than `maxBytes` while reading (a lying or missing Content-Length does not
 * get past the counter).
 */
export async function readRawBytes(request: Request, maxBytes = DEFAULT_BODY_LIMIT): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw new PayloadTooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Cancelling a stream the client already aborted rejects; the answer is 413 either way.
      await reader.cancel().catch(() => {});
      throw new PayloadTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The body as text, bounded like `readRawBytes`, refusing bytes that are not UTF-8. */
export async function readRawBody(request: Request, maxBytes = DEFAULT_BODY_LIMIT): Promise<string> {
  const bytes = await readRawBytes(request, maxBytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BadRequest('The body is not valid UTF-8.');
  }
}

export function isMultipart(request: Request): boolean {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'multipart/form-data';
}

/**
 * A multipart/form-data body, read within `maxBytes` first and then parsed by the platform's own parser
 * (undici's `Response.formData`). A body that is not well-formed multipart is a 400.
 */
export async function readMultipart(request: Request, maxBytes: number): Promise<FormData> {
  const bytes = await readRawBytes(request, maxBytes);
  const type = request.headers.get('content-type') ?? '';
  try {
    return await new Response(new Uint8Array(bytes), { headers: { 'content-type': type } }).formData();
  } catch {
    throw new BadRequest('The body is not valid multipart/form-data.');
  }
}

export function isJsonContentType(request: Request): boolean {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest('The body is not valid JSON.');
  }
}

/** Field errors of a body that is JSON but not what the endpoint takes: 422 with zod's flattened issues. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, message: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new Invalid(message, z.flattenError(result.error as z.ZodError<unknown>));
  return result.data;
}

/**
 * A JSON body validated by `schema`. Content-Type must say JSON (a cross-site HTML form cannot send that
 * without a CORS preflight); an empty body reads as `{}` when `optional` is set.
 */
export async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  options: { maxBytes?: number; optional?: boolean } = {},
): Promise<z.output<S>> {
  const text = await readRawBody(request, options.maxBytes);
  if (text.trim() === '' && options.optional) return validate(schema, {}, 'Invalid request body.');
  if (!isJsonContentType(request)) throw new UnsupportedMediaType();
  return validate(schema, parseJsonText(text), 'Invalid request body.');
}

/** Query parameters validated by `schema` (each parameter once; the last occurrence wins). */
export function readQuery<S extends z.ZodType>(url: URL, schema: S): z.output<S> {
  const raw: Record<string, string> = {};
  for (const [key, value] of url.searchParams) raw[key] = value;
  const result = schema.safeParse(raw);
  if (!result.success)
    throw new BadRequest('Invalid query parameters.', z.flattenError(result.error as z.ZodError<unknown>));
  return result.data;
}

/** A numeric id from the path. Anything else names nothing that exists: 404, like an unknown number. */
export function pathId(value: string | undefined, what: string): number {
  if (value && /^[1-9]\d{0,14}$/.test(value)) return Number(value);
  throw new NotFound(`No ${what} ${String(value).slice(0, 40)}.`);
}
