import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '../../lib/db';

/**
 * Inputs a careless or hostile client sends. Each generator yields only values the endpoint's own schema
 * REJECTS (checked with safeParse), so every one of them must come back as a 4xx and change nothing.
 */

export const BAD_NUMERIC_IDS = [
  'abc',
  '0',
  '-1',
  '1.5',
  '1e3',
  '99999999999999999999',
  "1' OR '1'='1",
  '<b>1</b>',
  '١٢',
  '%00',
  '%201',
];

export const BAD_STRING_IDS = [
  "x'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  'ñandú',
  '%00',
  'a'.repeat(500),
  '..%2F..%2Fetc',
  '%F0%9F%98%80',
];

export const MALFORMED_JSON = [
  '{"a":',
  '{',
  '[1,',
  'nul',
  '{"a":1}garbage',
  "{'single': 'quotes'}",
  '\u0000',
];
export const NOT_OBJECTS = ['null', '[]', '"text"', '42', 'true'];

const WRONG_VALUES: unknown[] = [
  12345,
  -1,
  1.5,
  true,
  null,
  {},
  [],
  [1, 2],
  '',
  ' ',
  "'; DROP TABLE users; --",
  '<img src=x onerror=alert(1)>',
  '\u202Eevil\u0000',
  '😀'.repeat(3),
  'x'.repeat(5000),
  { $gt: '' },
];

/** For each property of `base`, the variants of the body with that property set to a rejected value. */
export function wrongTypeBodies(schema: z.ZodType, base: Record<string, unknown>) {
  const bodies: { label: string; body: Record<string, unknown> }[] = [];
  for (const key of Object.keys(base)) {
    for (const value of WRONG_VALUES) {
      const body = { ...base, [key]: value };
      if (!schema.safeParse(body).success)
        bodies.push({ label: `${key}=${JSON.stringify(value).slice(0, 30)}`, body });
    }
  }
  for (const key of Object.keys(base)) {
    const { [key]: _, ...missing } = base;
    if (!schema.safeParse(missing).success) bodies.push({ label: `without ${key}`, body: missing });
  }
  if (!schema.safeParse({}).success) bodies.push({ label: 'empty object', body: {} });
  return bodies;
}

/** Query values the schema rejects for one parameter. */
export function badQueryValues(schema: z.ZodType, key: string): string[] {
  const candidates = [
    'abc',
    '-1',
    '0',
    '201',
    '1.5',
    'yes',
    'bogus',
    "' OR 1=1 --",
    '<script>',
    'x'.repeat(5000),
    '../etc/passwd',
    'a b',
  ];
  return candidates.filter((v) => !schema.safeParse({ [key]: v }).success);
}

/**
 * A fingerprint of every table's contents. Rate-limit counters are the one thing a refused request may
 * legitimately touch; everything else must be byte-for-byte the same.
 */
export async function databaseFingerprint(db: Tx): Promise<Record<string, string>> {
  const tables = await db.execute<{ name: string }>(sql`
    select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'rate_limits' order by 1`);
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await db.execute<{ digest: string; n: number }>(
      sql.raw(
        `select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as digest, count(*)::int as n from "${name}" x`,
      ),
    );
    result[name] = `${row!.n}:${row!.digest}`;
  }
  return result;
}
