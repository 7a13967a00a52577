import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../lib/db';
import { createTestDb, type TestDb } from './support/db';
import { startHarness } from './support/worker-harness';

/**
 * A database handle whose write of one status is slow (a busy pool connection, a connection still being
 * opened): `landed` resolves once that write has reached the table.
 */
function slowStatusWrite(db: Db, status: string, delayMs: number) {
  let landed!: () => void;
  const done = new Promise<void>((resolve) => {
    landed = resolve;
  });
  const slow = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'update') return Reflect.get(target, prop, receiver);
      return (table: Parameters<Db['update']>[0]) => {
        const builder = target.update(table);
        return new Proxy(builder, {
          get(b, p, r) {
            if (p !== 'set') return Reflect.get(b, p, r);
            return (patch: Record<string, unknown>) => {
              const query = b.set(patch as never);
              if (patch.status !== status) return query;
              return {
                where: (condition: Parameters<typeof query.where>[0]) => {
                  const write = query.where(condition);
                  return new Promise((resolve) => setTimeout(resolve, delayMs))
                    .then(() => write)
                    .finally(landed);
                },
              };
            };
          },
        });
      };
    },
  });
  return { db: slow, landed: done };
}

describe('the status a number shows', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it('ends on ready when the write of `authenticated` is slower than the write of `ready`', async () => {
    // A linked phone: `authenticated`, then `ready` 50 ms later. Its dashboard badge reads the row.
    const { db, landed } = slowStatusWrite(t.db, 'authenticated', 400);
    const h = await startHarness(t, {}, { db, sql: t.sql });
    try {
      h.world.linked = true;
      h.start();
      await landed;
      // The slow `authenticated` has landed; the row must still (or now) say what the worker knows.
      await h.waitForStatus('ready');
      expect(h.runner.status).toBe('ready');
    } finally {
      await h.cleanup();
    }
  });
});
