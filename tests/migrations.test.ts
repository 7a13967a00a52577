import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedMigrationCount, runMigrations } from '../lib/db/migrate';
import { createTestDb, type TestDb } from './support/db';

describe('migrations', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb({ migrated: false });
  });
  afterAll(() => t.drop());

  it('apply from an empty database and create the whole data model', async () => {
    await runMigrations(t.url);
    const tables = await t.sql<{ table_name: string }[]>`
      select table_name from information_schema.tables where table_schema = 'public' order by 1`;
    expect(tables.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'whatsapp_sessions',
        'whatsapp_chats',
        'whatsapp_contacts',
        'whatsapp_group_participants',
        'whatsapp_messages',
        'organizers',
        'experiences',
        'reservations',
        'tour_operators',
        'experience_group_bindings',
        'whatsapp_reservation_requests',
        'whatsapp_commands',
        'users',
        'api_keys',
        'webhook_endpoints',
        'webhook_deliveries',
        'audit_log',
        'settings',
      ]),
    );
  });

  it('are idempotent, also when several processes run them at once', async () => {
    await Promise.all([runMigrations(t.url), runMigrations(t.url), runMigrations(t.url)]);
    const [row] = await t.sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(row?.n).toBe(expectedMigrationCount());
  });

  it('enforce the message idempotency key (session, protocol id, from_me)', async () => {
    const [session] = await t.sql<
      { id: number }[]
    >`insert into whatsapp_sessions (name) values ('s') returning id`;
    const [chat] = await t.sql<{ id: number }[]>`
      insert into whatsapp_chats (session_id, wa_id, is_group) values (${session!.id}, '56911111111@c.us', false) returning id`;
    const insert = (fromMe: boolean) => t.sql`
      insert into whatsapp_messages (session_id, chat_id, protocol_id, from_me, serialized_id, timestamp)
      values (${session!.id}, ${chat!.id}, 'ABC', ${fromMe}, 'x', now()) on conflict do nothing`;
    await insert(false);
    await insert(false);
    await insert(true);
    const [count] = await t.sql<{ n: number }[]>`select count(*)::int as n from whatsapp_messages`;
    expect(count?.n).toBe(2);
  });
});
