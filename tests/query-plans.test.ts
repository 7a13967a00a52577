import { drizzle } from 'drizzle-orm/postgres-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../lib/db/schema';
import { listChats } from '../lib/whatsapp/list-chats';
import { listMessages } from '../lib/whatsapp/list-messages';
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
  beforeAll(async () => {
    t = await createTestDb();
    const session = await createSession(t.db);
    sessionId = session.id;
    chatId = (await createChat(t.db, { sessionId })).id;
    await t.sql`
      insert into whatsapp_messages (session_id, chat_id, protocol_id, from_me, serialized_id, body, timestamp)
      select ${sessionId}, ${chatId}, 'P' || g, false, 'S' || g, 'hola', now() - g * interval '1 second'
      from generate_series(1, 3000) g`;
    await t.sql`analyze whatsapp_messages`;
  });
  afterAll(() => t.drop());

  async function plansOf(run: (db: ReturnType<typeof drizzle<typeof schema>>) => Promise<unknown>) {
    const captured: { query: string; params: unknown[] }[] = [];
    const db = drizzle(t.sql, {
      schema,
      logger: { logQuery: (query, params) => captured.push({ query, params }) },
    });
    await run(db);
    const plans: string[] = [];
    await t.sql.begin(async (tx) => {
      await tx`set local enable_sort = off`;
      for (const q of captured) {
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

  it('reads the inbox and each preview line in index order', async () => {
    const plan = await plansOf((db) => listChats(db, { sessionId, order: 'recent', limit: 50 }));
    expect(plan).toContain('whatsapp_chats_list_idx');
    expect(plan).not.toMatch(/\bSort\b/);
  });
});
