import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { Invalid } from '../errors';

/**
 * Opaque keyset cursors: base64url of `{ k, id }`, where `k` is the sort key of the last row of a page (text,
 * or null for rows that sort last because their key is null) and `id` breaks ties. Clients pass `nextCursor`
 * back unchanged; anything else is rejected as invalid instead of silently restarting the list.
 */
const cursorSchema = z.object({
  k: z.string().max(1000).nullable(),
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});
export type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(cursor: string): Cursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new Invalid('Invalid pagination cursor.', { cursor: cursor.slice(0, 200) });
  }
}

/** Shared by every list verb: `cursor` as given back by the previous page, `limit` 1–200 (default 50). */
export const pageInput = {
  cursor: z.string().min(1).max(1400).optional(),
  limit: z.number().int().min(1).max(200).default(50),
};

/**
 * Cuts the `limit + 1` rows a list query fetched into a page and the cursor of the next one (null on the
 * last page). `key` gives the sort key of a row as the cursor stores it.
 */
export function toPage<T extends { id: number }, R>(
  rows: T[],
  limit: number,
  key: (row: T) => string | null,
  map: (row: T) => R,
): { items: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(map),
    nextCursor: rows.length > limit && last ? encodeCursor({ k: key(last), id: last.id }) : null,
  };
}

/** `%`, `_` and `\` typed by a person are literal characters in a search, not LIKE wildcards. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A timestamp as the ISO text JSON gives a Date (`toISOString`: UTC, milliseconds, cut rather than rounded
 * like a Date parsed from PostgreSQL's text). For lists that answer many timestamps: a Date made from the
 * driver's text and turned back into text by JSON.stringify cost the web process ~1.7 µs each (bench:api),
 * ~0.2 ms of a 50-chat page's two timestamps a row; PostgreSQL writes the text for a fraction of that.
 */
export const isoText = (column: AnyColumn | SQL) =>
  sql<string | null>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Timestamps in cursors as text with microseconds: a JS Date keeps only milliseconds (rows would repeat). */
export const microsText = (column: AnyColumn | SQL) =>
  sql<string | null>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
