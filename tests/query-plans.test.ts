import { drizzle } from 'drizzle-orm/postgres-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../lib/db';
import * as schema from '../lib/db/schema';
import { decodeCursor } from '../lib/pagination/cursor';
import { listChats } from '../lib/whatsapp/list-chats';
import { listMessages } from '../lib/whatsapp/list-messages';
import { searchMessages } from '../lib/whatsapp/search-messages';
import { WALK_ROWS } from '../lib/whatsapp/search-page';
import { createTestDb, type TestDb } from './support/db';
import { createChat, createSession } from './support/factories';

/**
 * The chat list and a chat's history must be read off their indexes in order, never by sorting every
 * message of a chat: on a chat with 100,000 messages that is the difference between 0.1 ms and a second per
 * page (bench:api found it). With sorting disabled, a query whose ORDER BY no index can serve still sorts,
 * so "no Sort node" is a deterministic check of that property.
 */
describe('query plans of the list verbs', () => {
  let t: TestDb;
  let chatId: number;
  let sessionId: number;
  let sessionName: string;
  beforeAll(async () => {
    t = await createTestDb();
    const session = await createSession(t.db);
    sessionId = session.id;
    sessionName = session.name;
    chatId = (await createChat(t.db, { sessionId })).id;
    await t.sql`
      insert into whatsapp_messages (session_id, chat_id, protocol_id, from_me, serialized_id, body, timestamp)
      select ${sessionId}, ${chatId}, 'P' || g, false, 'S' || g, 'hola', now() - g * interval '1 second'
      from generate_series(1, 3000) g`;
    await t.sql`analyze whatsapp_messages`;
  });
  afterAll(() => t.drop());

  async function plansOf(
    run: (db: ReturnType<typeof drizzle<typeof schema>>) => Promise<unknown>,
    { sorting = false } = {},
  ) {
    const captured: { query: string; params: unknown[] }[] = [];
    const db = drizzle(t.sql, {
      schema,
      logger: { logQuery: (query, params) => captured.push({ query, params }) },
    });
    await run(db);
    const plans: string[] = [];
    await t.sql.begin(async (tx) => {
      if (!sorting) await tx`set local enable_sort = off`;
      for (const q of captured) {
        if (!/^\s*(select|with)\b/i.test(q.query)) continue;
        const rows = await tx.unsafe(`explain ${q.query}`, q.params as never[]);
        plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
      }
    });
    return plans.join('\n');
  }

  it('reads a history page in index order', async () => {
    const plan = await plansOf((db) => listMessages(db, { chatId, limit: 50 }));
    expect(plan).toContain('whatsapp_messages_chat_time_idx');
    expect(plan).not.toMatch(/\bSort\b/);
  });

  /**
   * A word PostgreSQL did not sample is assumed to be in 0.5% of rows, so left to itself it walks the time
   * index testing every message for a word in a handful (21 s at 1,000,000). Search must look such a word up
   * in its GIN indexes, and take a common word from the time index, whatever the estimates say.
   */
  it('looks a rare word up in the GIN indexes and walks the time index for a common one', async () => {
    await t.sql`
      insert into whatsapp_messages (session_id, chat_id, protocol_id, from_me, serialized_id, body, timestamp, processed_at)
      select ${sessionId}, ${chatId}, 'Z' || g, false, 'ZS' || g,
        case when g = 2500 then 'llegamos en zeppelin' else 'consulto por la reserva' end,
        now() + interval '1 day' - g * interval '1 second', now()
      from generate_series(1, ${WALK_ROWS * 3}) g`;
    await t.sql`analyze whatsapp_messages`;
    const rare = await plansOf((db) => searchMessages(db, { sessionId, q: 'zeppelin' }), { sorting: true });
    expect(rare).toContain('whatsapp_messages_search_idx');
    expect(rare).toContain('whatsapp_messages_body_trgm_idx');
    const everywhere = await plansOf((db) => searchMessages(db, { q: 'zeppelin' }), { sorting: true });
    expect(everywhere).toContain('whatsapp_messages_search_idx');
    const common = await plansOf((db) => searchMessages(db, { q: 'reserva' }), { sorting: true });
    expect(common).toContain('whatsapp_messages_search_time_idx');
    expect(common).not.toContain('whatsapp_messages_search_idx');
  });

  it('reads the inbox and each preview line in index order, the number given by id or by name', async () => {
    for (const number of [{ sessionId }, { sessionName }]) {
      const plan = await plansOf((db) => listChats(db, { ...number, order: 'recent', limit: 50 }));
      expect(plan).toContain('whatsapp_chats_list_idx');
      expect(plan).not.toMatch(/\bSort\b/);
    }
  });

  it('keeps one plan for the inbox page instead of planning it on every request', async () => {
    // Enough chats that a LIMIT PostgreSQL cannot see (a tenth of them, as it assumes) costs far more than
    // the page: the case where it re-planned the query on every call.
    await t.sql`
      insert into whatsapp_chats (session_id, wa_id, is_group, name, last_message_at)
      select ${sessionId}, '5691' || g || case when g % 10 = 0 then '@g.us' else '@c.us' end, g % 10 = 0,
        'Chat ' || g, now() - g * interval '1 minute'
      from generate_series(1, 3000) g`;
    await t.sql`analyze whatsapp_chats`;
    // One connection, so pg_prepared_statements (per session) sees every execution.
    const one = createDb(t.url, { max: 1 });
    try {
      for (let i = 0; i < 8; i++) {
        await listChats(one.db, { sessionName, limit: 50 });
        await listChats(one.db, { sessionId, kind: 'individual', limit: 100 }); // the dashboard's inbox
      }
      const statements = await one.sql<{ generic: number; custom: number }[]>`
        select generic_plans::int as generic, custom_plans::int as custom
        from pg_prepared_statements
        where statement like '%from "whatsapp_chats" left join lateral%' and statement not like '%pg_prepared%'`;
      expect(statements).toHaveLength(2);
      // PostgreSQL tries five custom plans before it compares them with the generic one.
      for (const s of statements) expect(s).toEqual({ generic: 3, custom: 5 });
    } finally {
      await one.sql.end();
    }
  });

  /**
   * PostgreSQL re-plans a statement for its parameters only until a generic plan looks as cheap, and a generic
   * plan assumes the average chat: a few messages, cheaper to fetch all and sort than to walk the index. For a
   * busy chat that sorts its whole history on every page (1.7–2.0 ms against 0.5–0.6 ms a page for a chat of
   * 1,000 messages among 5,000 chats, growing with the chat). Ask PostgreSQL for the plan it really runs.
   */
  it('reads a busy chat among many small ones in index order, however often its pages are asked for', async () => {
    await t.sql`
      with small as (
        insert into whatsapp_chats (session_id, wa_id, is_group, name)
        select ${sessionId}, '5699' || g || '@c.us', false, 'Pequeño ' || g from generate_series(1, 3000) g
        returning id)
      insert into whatsapp_messages (session_id, chat_id, protocol_id, from_me, serialized_id, body, timestamp)
      select ${sessionId}, small.id, 'Q' || small.id || '-' || n, false, 'QS' || small.id || '-' || n, 'hola',
        now() - n * interval '1 minute'
      from small, generate_series(1, 2) n`;
    await t.sql`analyze whatsapp_messages`;
    const one = createDb(t.url, { max: 1 });
    try {
      const first = await listMessages(one.db, { chatId, limit: 50 });
      const cursor = first.nextCursor!;
      for (let i = 0; i < 8; i++) {
        await listMessages(one.db, { chatId, limit: 50 });
        await listMessages(one.db, { chatId, limit: 50, cursor });
      }
      const statements = await one.sql<{ name: string; statement: string; parameters: string[] }[]>`
        select name, statement, parameter_types::text[] as parameters from pg_prepared_statements
        where statement like '%from "whatsapp_messages" left join%' and statement not like '%pg_prepared%'`;
      expect(statements).toHaveLength(2);
      const { k, id } = decodeCursor(cursor);
      for (const statement of statements) {
        // Placeholders in the order they appear: the chat, the cursor's key and id, then the LIMIT if not literal.
        const values = statement.statement.includes('::timestamptz') ? [chatId, `'${k}'`, id] : [chatId];
        const literals = [...values, 51].slice(0, statement.parameters.length);
        const rows = await one.sql.unsafe(`explain execute "${statement.name}"(${literals.join(', ')})`);
        const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(plan).toContain('Index Scan using whatsapp_messages_chat_time_idx');
        expect(plan).not.toMatch(/\bSort\b/);
      }
    } finally {
      await one.sql.end();
    }
  });
});
