import { afterAll, afterEach, beforeAll } from 'vitest';
import { createTestDb, type TestDb } from './db';

/**
 * The set-up every worker-harness test file shares: one migrated database for the file and, after each test,
 * that test's harness cleaned up and the sessions (and all that hangs off them) truncated. Call it at the top
 * of the `describe`; the database it returns is there from the first hook on.
 */
export function harnessTestDb(current: () => { cleanup(): Promise<void> } | undefined): TestDb {
  let db: TestDb | undefined;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db?.drop());
  afterEach(async () => {
    await current()?.cleanup();
    if (db) await db.sql`truncate whatsapp_sessions cascade`;
  });
  // Test bodies and hooks read `t.sql`, `t.db`… after beforeAll; the proxy hands them the database made there.
  return new Proxy({} as TestDb, {
    get: (_target, key) => {
      if (!db) throw new Error('the test database is created in beforeAll: use it inside hooks and tests');
      return Reflect.get(db, key);
    },
  });
}
