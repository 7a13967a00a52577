import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markMessagesProcessed } from '../lib/whatsapp/message-processing';
import { type SearchMessagesInput, searchMessages } from '../lib/whatsapp/search-messages';
import { WALK_ROWS } from '../lib/whatsapp/search-page';
import { createTestDb, type TestDb } from './support/db';
import { createChat, createSession } from './support/factories';

/**
 * Search answers from one of two plans (lib/whatsapp/search-page.ts): a time-ordered walk of the newest
 * messages for a word common enough to fill a page there, the GIN indexes for a rarer one. Either way the
 * pages must be the same: every match once, newest first, filters applied, processed or not.
 */
describe('message search over more messages than the walk looks at', () => {
  let t: TestDb;
  let sessionId: number;
  let chatA: number;
  let chatB: number;
  /** Ids of the messages that mention "zeppelin", newest first. */
  let rare: number[];
  let rareInA: number[];

  beforeAll(async () => {
    t = await createTestDb();
    sessionId = (await createSession(t.db)).id;
    chatA = (await createChat(t.db, { sessionId })).id;
    chatB = (await createChat(t.db, { sessionId })).id;
    const total = WALK_ROWS * 3;
    // One message a minute, alternating chats; every 5th says "reserva" (common), two in 400 "zeppelin" (rare,
    // so never a page's worth among the newest WALK_ROWS), every 3rd is ours.
    await t.sql`
      insert into whatsapp_messages (session_id, chat_id, protocol_id, from_me, serialized_id, body, timestamp)
      select ${sessionId}, case when g % 2 = 0 then ${chatA}::int8 else ${chatB}::int8 end, 'P' || g, g % 3 = 0, 'S' || g,
        case when g % 400 in (7, 208) then 'llegamos en zeppelin a las ' || g
             when g % 5 = 0 then 'consulto por la reserva ' || g
             else 'hola ' || g end,
        timestamp '2026-01-01' + g * interval '1 minute'
      from generate_series(1, ${total}) g`;
    // Most are processed (in the search indexes); the newest few hundred are not yet, as on a live number, nor
    // is one old mention (a parked message: its processing failed).
    const old = await t.sql<{ id: string }[]>`
      select id::text from whatsapp_messages where timestamp < timestamp '2026-01-01' + ${total - 300}::int * interval '1 minute'
        and protocol_id <> 'P7'`;
    await markMessagesProcessed(
      t.sql,
      old.map((r) => Number(r.id)),
    );
    await t.sql`analyze whatsapp_messages`;
    const rows = await t.sql<{ id: string; chat_id: string }[]>`
      select id::text, chat_id::text from whatsapp_messages where body like '%zeppelin%'
      order by timestamp desc, id desc`;
    rare = rows.map((r) => Number(r.id));
    rareInA = rows.filter((r) => Number(r.chat_id) === chatA).map((r) => Number(r.id));
  });
  afterAll(() => t.drop());

  /** Ids in one order to compare sets; `allPages` already fails on a page out of time order. */
  const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

  /** Every page's hits, in page order; checks each page is no larger than asked and older than the last. */
  async function allPages(input: Partial<SearchMessagesInput> & { q: string; limit: number }) {
    const seen: number[] = [];
    let oldest = Number.POSITIVE_INFINITY;
    let cursor: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await searchMessages(t.db, { sessionId, ...input, cursor });
      const hits = page.groups.flatMap((g) => g.hits);
      expect(hits.length).toBeLessThanOrEqual(input.limit);
      const times = hits.map((h) => Date.parse(h.timestamp));
      if (times.length) expect(Math.max(...times)).toBeLessThanOrEqual(oldest);
      oldest = Math.min(oldest, ...times);
      seen.push(...hits.map((h) => h.id));
      if (!page.nextCursor) {
        expect(new Set(seen).size).toBe(seen.length);
        return seen;
      }
      cursor = page.nextCursor;
    }
    throw new Error('more pages than expected');
  }

  it('finds every message of a rare word, processed or not, newest first, across pages', async () => {
    expect(rare.length).toBeGreaterThan(5);
    expect(sorted(await allPages({ q: 'zeppelin', limit: 2 }))).toEqual(sorted(rare));
    expect(await allPages({ q: 'zeppelin', limit: 2, chatId: chatA })).toEqual(rareInA);
  });

  it('pages a common word without gaps or repeats, with a filter', async () => {
    const expected = (
      await t.sql<{ id: string }[]>`
        select id::text from whatsapp_messages where body like '%reserva%' and from_me
        order by timestamp desc, id desc limit 200`
    ).map((r) => Number(r.id));
    const seen = (await allPages({ q: 'reserva', from: 'us', limit: 50 })).slice(0, 200);
    expect(sorted(seen)).toEqual(sorted(expected));
  });

  it('a date range that leaves out the newest messages still finds the rare word in it', async () => {
    const before = new Date(Date.UTC(2026, 0, 2)); // the first 1,440 minutes
    const expected = (
      await t.sql<{ id: string }[]>`
        select id::text from whatsapp_messages where body like '%zeppelin%' and timestamp < ${before.toISOString()}
        order by timestamp desc, id desc`
    ).map((r) => Number(r.id));
    expect(expected.length).toBeGreaterThan(0);
    expect(sorted(await allPages({ q: 'zeppelin', before, limit: 30 }))).toEqual(sorted(expected));
  });
});
