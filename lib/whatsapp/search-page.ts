import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../db';

/** How many of the newest candidate messages the first walk tests: the sample the choice is made on. */
export const WALK_ROWS = 1000;
/** The longest walk ever taken (≈ 1 s of matching): past it the GIN indexes are cheaper at any table size. */
const MAX_WALK_ROWS = 40_000;
/**
 * Measured costs (bench:search, 1,000,000 messages): the walk tests a row in ≈ 25 µs (two to_tsvector
 * parses); a GIN match costs ≈ 10 µs (its heap page read, per index), so the lookup is the cheaper per row but
 * pays for every match in the table, the walk only for the rows until the page is full.
 */
const WALK_US_PER_ROW = 25;
const LOOKUP_US_PER_MATCH = 10;

export interface PageRow extends Record<string, unknown> {
  id: number;
  timestamp: string;
}

interface Search {
  filters: SQL[];
  /** Any of these will do; the cheapest (the substring) first. */
  matches: SQL[];
  limit: number;
}

/**
 * The ids of one page of matches, newest first: `limit + 1` rows when there is a next page.
 *
 * PostgreSQL alone picks one plan for every word and gets some badly wrong: it has no statistics for a word
 * it did not sample (it assumes 0.5% of rows), so for a rare word it walks the time index newest first testing
 * every row (22 s at 1,000,000 messages for a word in 10 of them), and a bitmap of every match for a word in
 * 2% of them. The right plan depends on how common the word is, which the first walk measures:
 *   1. walk the newest WALK_ROWS candidates (filters applied, in index order) testing the match. A page
 *      filled there, or every candidate seen (a small chat), is the answer.
 *   2. from the share of matches it saw, the rows a walk would need for a page against the matches a GIN
 *      lookup would read (that share of the table): a longer walk when it is the cheaper,
 *   3. otherwise (and always for a word the walk did not see at all) every match from the GIN indexes,
 *      sorted by time; materialized, so the planner cannot turn it back into the walk.
 * Each answers only when exact, so keyset pages stay consistent whichever ran.
 *
 * The GIN indexes only hold processed messages (migration 0015: indexing rides on the processors' update
 * instead of the ingest transaction), so step 3 adds the few unprocessed ones through their own index.
 */
export async function pageOfMatches(db: Tx, q: Search): Promise<PageRow[]> {
  return db.transaction(async (tx) => {
    // A parallel plan costs more in worker start-up than these page-sized lookups take (70 ms against 0.5 ms
    // on a busy two-core host); SET LOCAL ends with this transaction.
    await tx.execute(sql`set local max_parallel_workers_per_gather = 0`);
    const first = await walk(tx, q, WALK_ROWS);
    if (first.exact) return first.rows;
    const seen = first.rows.length;
    if (seen > 0) {
      const share = seen / WALK_ROWS;
      const rows = Math.ceil((1.5 * (q.limit + 1)) / share);
      const [stats] = await tx.execute<{ n: number }>(
        sql`select greatest(reltuples, 0)::float8 as n from pg_class where oid = 'whatsapp_messages'::regclass`,
      );
      const lookupUs = share * Number(stats?.n ?? 0) * LOOKUP_US_PER_MATCH;
      if (rows <= MAX_WALK_ROWS && rows * WALK_US_PER_ROW < lookupUs) {
        const longer = await walk(tx, q, rows);
        if (longer.exact) return longer.rows;
      }
    }
    return lookup(tx, q);
  });
}

/** The newest `rows` candidates tested for the match: exact when it filled the page or saw every candidate. */
async function walk(tx: Tx, q: Search, rows: number) {
  const where = sql.join(q.filters, sql` and `);
  // A subquery, not a CTE: the planner keeps its index order, so the match stops being tested once the page
  // is full.
  const found = [
    ...(await tx.execute<PageRow>(sql`
      select m.id, m.timestamp from (
        select m.id, m.timestamp, m.body from whatsapp_messages m
        where ${where}
        order by m.timestamp desc, m.id desc
        limit ${rows}
      ) m
      where ${sql.join(q.matches, sql` or `)}
      order by m.timestamp desc, m.id desc
      limit ${q.limit + 1}`)),
  ];
  if (found.length > q.limit) return { rows: found, exact: true };
  const [seen] = await tx.execute<{ n: number }>(sql`
    select count(*)::int as n from (
      select 1 from whatsapp_messages m where ${where} limit ${rows}
    ) c`);
  return { rows: found, exact: (seen?.n ?? 0) < rows };
}

/** Every match through the GIN indexes (and the unprocessed rows through theirs), newest first. */
async function lookup(tx: Tx, q: Search): Promise<PageRow[]> {
  const where = sql.join(q.filters, sql` and `);
  // One branch per match and index: in a BitmapOr the trigram side's recheck would evaluate the whole OR, so
  // to_tsvector ran again on every candidate row the trigrams found.
  const indexed = q.matches.map(
    (match) => sql`select m.id, m.timestamp from whatsapp_messages m
      where ${where} and m.processed_at is not null and ${match}`,
  );
  return [
    ...(await tx.execute<PageRow>(sql`
      with matched as materialized (
        ${sql.join(indexed, sql` union `)}
        union
        select m.id, m.timestamp from whatsapp_messages m
        where ${where} and m.processed_at is null and (${sql.join(q.matches, sql` or `)})
      )
      select id, timestamp from matched
      order by timestamp desc, id desc
      limit ${q.limit + 1}`)),
  ];
}
