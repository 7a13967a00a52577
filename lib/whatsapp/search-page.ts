import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../db';

/**
 * How many of the newest candidate messages the time-ordered walk looks at before giving up on it. A word in
 * at least one message in WALK_ROWS / (limit + 1) (≈ 3% for a page of 30) fills its page within the walk; a
 * rarer one costs at most this many rows of matching (≈ 25 µs each: two to_tsvector parses), then is looked up
 * in the GIN indexes instead.
 */
export const WALK_ROWS = 1000;

export interface PageRow extends Record<string, unknown> {
  id: number;
  timestamp: string;
}

/**
 * The ids of one page of matches, newest first: `limit + 1` rows when there is a next page.
 *
 * PostgreSQL alone picks one plan for every word and gets one of them badly wrong: it has no statistics for a
 * word it did not sample (it assumes 0.5% of rows), so for a rare word it walks the time index newest first
 * testing every row (21 s at 1,000,000 messages for a word in 10 of them), and for a common word a bitmap of
 * every match then a sort (a 200,000-entry bitmap). Neither plan is right for both, so the choice is made here,
 * by trying the cheap one first:
 *   1. walk: the newest WALK_ROWS candidates (filters applied, in index order) tested for the match; a word
 *      common enough to fill the page there is answered in a few milliseconds, whatever the table's size;
 *   2. otherwise match first: every match from the GIN indexes (few, since the walk found fewer than a page
 *      in its rows), sorted by time. Materialized, so the planner cannot turn it back into the walk.
 * Both are exact (the walk only answers when it filled the page), so keyset pages stay consistent.
 *
 * The GIN indexes only hold processed messages (migration 0015: indexing then rides on the processors' update
 * instead of the ingest transaction), so step 2 adds the few unprocessed ones through their own index.
 */
export async function pageOfMatches(
  db: Tx,
  q: { filters: SQL[]; matches: SQL[]; limit: number },
): Promise<PageRow[]> {
  const where = sql.join(q.filters, sql` and `);
  const anyMatch = sql`(${sql.join(q.matches, sql` or `)})`;
  // One branch per match and index: in a BitmapOr the trigram side's recheck would evaluate the whole OR, so
  // to_tsvector ran again on every candidate row the trigrams found.
  const indexed = q.matches.map(
    (match) => sql`select m.id, m.timestamp from whatsapp_messages m
      where ${where} and m.processed_at is not null and ${match}`,
  );
  return db.transaction(async (tx) => {
    // A parallel plan costs more in worker start-up than these page-sized lookups take (70 ms against 0.5 ms
    // on a busy two-core host); SET LOCAL ends with this transaction.
    await tx.execute(sql`set local max_parallel_workers_per_gather = 0`);
    const walked = await tx.execute<PageRow>(sql`
      select m.id, m.timestamp from (
        select m.id, m.timestamp, m.body from whatsapp_messages m
        where ${where}
        order by m.timestamp desc, m.id desc
        limit ${WALK_ROWS}
      ) m
      where ${anyMatch}
      order by m.timestamp desc, m.id desc
      limit ${q.limit + 1}`);
    if (walked.length > q.limit) return [...walked];
    return [
      ...(await tx.execute<PageRow>(sql`
        with matched as materialized (
          ${sql.join(indexed, sql` union `)}
          union
          select m.id, m.timestamp from whatsapp_messages m
          where ${where} and m.processed_at is null and ${anyMatch}
        )
        select id, timestamp from matched
        order by timestamp desc, id desc
        limit ${q.limit + 1}`)),
    ];
  });
}
