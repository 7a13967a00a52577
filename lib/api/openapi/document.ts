import { z } from 'zod';
import { errorSchema } from '../schemas/common';
import { OPERATIONS, type Operation } from './operations';

type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema without the `$schema` header: request side (what a client sends, transforms ignored) or
 * response side (what the API answers).
 */
function toSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const ERRORS: Record<number, string> = {
  400: 'Malformed request (not JSON, bad query parameter)',
  401: 'Not signed in, or no valid API key / signature',
  403: 'Signed in but not allowed (viewer, read-only key)',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'Body too large',
  415: 'Body is not JSON (or, for a file, a type that cannot be sent)',
  422: 'Valid JSON that breaks a rule (field errors in details)',
  429: 'Rate limited (see Retry-After)',
};

function errorsFor(op: Operation): number[] {
  const codes = [400, 401, 404];
  if (op.access !== 'signature' && op.access !== 'read') codes.push(403);
  if (op.access === 'read' && op.method === 'get') codes.push(403);
  if (op.body) codes.push(413, 415, 422);
  if (op.method !== 'get') codes.push(409);
  if (op.access !== 'signature') codes.push(429);
  return [...new Set(codes)].sort();
}

function parameters(op: Operation) {
  const params: JsonSchema[] = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: name === 'id' ? { type: 'integer', minimum: 1 } : { type: 'string', maxLength: 120 },
  }));
  if (op.query) {
    const schema = toSchema(op.query) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const { description, ...rest } = property;
      params.push({
        name,
        in: 'query',
        required: schema.required?.includes(name) && !('default' in property),
        schema: rest,
        ...(description ? { description } : {}),
      });
    }
  }
  return params;
}

function operation(op: Operation) {
  const responses: Record<string, unknown> = {
    [String(op.status ?? 200)]: {
      description: op.status === 202 ? 'Accepted: queued for the worker' : 'Success',
      content: {
        'application/json': { schema: op.response ? toSchema(op.response, 'output') : { type: 'object' } },
      },
    },
  };
  if (op.method === 'put') responses['201'] = { description: 'Created' };
  for (const code of errorsFor(op))
    responses[String(code)] = {
      description: ERRORS[code],
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  return {
    summary: op.summary,
    tags: [op.tag],
    operationId: `${op.method}${op.path.replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_, c?: string) => c?.toUpperCase() ?? '')}`,
    'x-required-access': op.access,
    security:
      op.access === 'signature' ? [{ webhookSignature: [] }] : [{ bearerAuth: [] }, { sessionCookie: [] }],
    parameters: parameters(op),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: toSchema(op.body) },
              ...(op.form ? { 'multipart/form-data': { schema: toSchema(op.form) } } : {}),
            },
          },
        }
      : {}),
    responses,
  };
}

let cached: Record<string, unknown> | undefined;

/** The OpenAPI 3.1 description of the API, generated from the zod schemas the handlers validate with. */
export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    paths[op.path] ??= {};
    paths[op.path]![op.method] = operation(op);
  }
  const { $schema: _, ...error } = z.toJSONSchema(errorSchema) as JsonSchema;
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Tuki WhatsApp Console API',
      version: '1.0.0',
      description:
        'Errors always look like {"error":{"code","message","details"?}}. Lists are paginated with `limit` and an opaque `cursor`.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Error: error },
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key: Authorization: Bearer tuki_…',
        },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'authjs.session-token' },
        webhookSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Tuki-Signature',
          description:
            'sha256=<hex HMAC-SHA256 of "<X-Tuki-Timestamp>.<raw body>" with INBOUND_WEBHOOK_SECRET>; timestamps older than 5 minutes are refused.',
        },
      },
    },
  };
  return cached;
}

let serialized: string | undefined;

/** The document as the route sends it: built and serialized once per process (it is ~100 KB of JSON). */
export function openApiJson(): string {
  serialized ??= JSON.stringify(openApiDocument());
  return serialized;
}
