import type { Tx } from './client';

/**
 * A read query built once per database handle (and per shape, when its filters vary) instead of on every
 * call. Building a Drizzle select walks the whole column and SQL tree (`is()` checks, selection building):
 * on the hot list endpoints that was as much CPU as sending the query and reading its rows (bench:api). The
 * query is bound to the handle it was prepared on, so one prepared on the pool never runs outside a caller's
 * transaction: each transaction object gets its own (a WeakMap, collected with it).
 */
export function preparedPerHandle<Shape extends string, Q>(build: (db: Tx, shape: Shape) => Q) {
  const byShape = new Map<Shape, WeakMap<Tx, Q>>();
  return (db: Tx, shape: Shape): Q => {
    let handles = byShape.get(shape);
    if (!handles) {
      handles = new WeakMap();
      byShape.set(shape, handles);
    }
    let query = handles.get(db);
    if (!query) {
      query = build(db, shape);
      handles.set(db, query);
    }
    return query;
  };
}

/** The same for a query of one shape. */
export function preparedOnce<Q>(build: (db: Tx) => Q) {
  const forShape = preparedPerHandle((db: Tx, _shape: 'only') => build(db));
  return (db: Tx): Q => forShape(db, 'only');
}
