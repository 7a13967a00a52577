import { Column, type DriverValueDecoder, is, noopDecoder, SQL, Subquery, sql } from 'drizzle-orm';
import type { Tx } from './client';

/**
 * A read query built once per database handle (and per shape, when its filters vary) instead of on every
 * call. Building a Drizzle select walks the whole column and SQL tree (`is()` checks, selection building):
 * on the hot list endpoints that was as much CPU as sending the query and reading its rows (bench:api). The
 * query is bound to the handle it was prepared on, so one prepared on the pool never runs outside a caller's
 * transaction: each transaction object gets its own (a WeakMap, collected with it). A shape is a string or a
 * plain object of flags (keyed by its JSON, so callers build it with its properties in one order).
 */
export function preparedPerHandle<Shape extends string | object, Q>(build: (db: Tx, shape: Shape) => Q) {
  const byShape = new Map<string, WeakMap<Tx, Q>>();
  return (db: Tx, shape: Shape): Q => {
    const key = typeof shape === 'string' ? shape : JSON.stringify(shape);
    let handles = byShape.get(key);
    if (!handles) {
      handles = new WeakMap();
      byShape.set(key, handles);
    }
    let query = handles.get(db);
    if (!query) {
      query = withFlatRows(build(db, shape));
      handles.set(db, query);
    }
    return query;
  };
}

/** A named placeholder of a prepared query, filled by `execute({ name: value })`. */
export const at = (name: string) => sql.placeholder(name);

/** The same for a query of one shape. */
export function preparedOnce<Q>(build: (db: Tx) => Q) {
  const forShape = preparedPerHandle((db: Tx, _shape: 'only') => build(db));
  return (db: Tx): Q => forShape(db, 'only');
}

type Decoder = ((value: unknown) => unknown) | null;
/** What a Drizzle prepared query keeps of its selection (drizzle-orm's own, not part of its typed API). */
interface PreparedInternals {
  fields?: { path: string[]; field: unknown }[];
  customResultMapper?: (rows: unknown[][]) => unknown;
}

/** `decoder` is Drizzle-internal on SQL (not in its typings); it is what its own mapper reads. */
type WithDecoder = { decoder: DriverValueDecoder<unknown, unknown> };

/** The field's decoder, or null where it hands the driver's value through unchanged (text, booleans, json). */
function decoderOf(field: unknown): Decoder {
  if (is(field, Column))
    return field.mapFromDriverValue === Column.prototype.mapFromDriverValue
      ? null
      : (value) => field.mapFromDriverValue(value);
  const source = is(field, SQL) ? field : is(field, Subquery) ? field._.sql : (field as SQL.Aliased).sql;
  const { decoder } = source as unknown as WithDecoder;
  return decoder === noopDecoder ? null : (value) => decoder.mapFromDriverValue(value);
}

/**
 * Rows of a flat selection (no nested objects; joins are fine, Drizzle only nulls nested objects of a left
 * join) mapped by a loop worked out once, instead of
 * Drizzle's generic `mapResultRow`, which repeats three `is()` prototype walks and a path walk for every
 * field of every row: on a 50-row chat list page that was 0.6 ms of the web process's CPU a request, more
 * than reading the rows (bench:api). Same values (each column's own decoder, null kept null); a query of any
 * other shape keeps Drizzle's mapping. Pinned by tests/prepared-rows.test.ts.
 */
function withFlatRows<Q>(query: Q): Q {
  const internals = query as PreparedInternals;
  const fields = internals.fields;
  if (!fields || internals.customResultMapper || fields.some((f) => f.path.length !== 1)) return query;
  const keys = fields.map((f) => f.path[0] as string);
  const decoders = fields.map((f) => decoderOf(f.field));
  const width = keys.length;
  internals.customResultMapper = (rows) =>
    rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < width; i++) {
        const value = row[i];
        const decode = decoders[i];
        out[keys[i] as string] = value === null || !decode ? value : decode(value);
      }
      return out;
    });
  return query;
}

/** Whether `withFlatRows` took over this query's mapping (tests pin it, so a Drizzle upgrade that renames its internals is noticed). */
export function hasFlatRows(query: unknown): boolean {
  return typeof (query as PreparedInternals).customResultMapper === 'function';
}
