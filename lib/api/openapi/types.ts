import type { z } from 'zod';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Operation {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  /** read / write / admin (see lib/api/principal.ts), or `signature` for the signed inbound webhooks. */
  access: 'read' | 'write' | 'admin' | 'signature';
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A multipart/form-data body the operation also takes (files), next to the JSON one. */
  form?: z.ZodType;
  /** The success answer's shape (lib/api/schemas/responses.ts); the dashboard's types are inferred from it. */
  response?: z.ZodType;
  status?: number;
}
