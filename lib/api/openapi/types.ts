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
  status?: number;
}
