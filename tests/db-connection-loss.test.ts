import { createConnection, createServer, type Socket } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../lib/db';
import { createTestDb, type TestDb } from './support/db';
import { freePort } from './support/processes';

/**
 * A database connection that dies under a query must cost that query an error, never the process.
 * postgres.js 3.4.9 flushes small writes from a timer and, when the socket has closed in between, throws from
 * that timer: nothing can catch it, and a worker or web server dies (porsager/postgres#1208). It happens on
 * every PostgreSQL restart or failover that lands inside a transaction, because the transaction's own ROLLBACK
 * is that write. patches/postgres+3.4.9.patch settles the write instead; these scenarios fail without it.
 */
describe('a connection lost under a query', () => {
  let t: TestDb;
  let handle: DbHandle;
  let killer: DbHandle;
  beforeAll(async () => {
    t = await createTestDb({ migrated: false });
    handle = createDb(t.url, { max: 2 });
    killer = createDb(t.url, { max: 1 });
  });
  afterAll(async () => {
    await killer?.close();
    await t?.drop();
  });

  const terminate = (pid: number) => killer.sql`select pg_terminate_backend(${pid})`;

  it('rejects the transaction and the pool keeps answering', async () => {
    let pid: number | undefined;
    const transaction = handle.sql.begin(async (tx) => {
      pid = (await tx<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]?.pid;
      await tx`select pg_sleep(5)`;
    });
    // Which error depends on what arrives first (the server's 57P01, a reset, or the close itself). The
    // expectation is attached before the kill: the transaction can fail before the killer's reply arrives,
    // and a rejection nobody handles by then is reported as an unhandled error of this file.
    const failed = expect(transaction).rejects.toThrow();
    while (pid === undefined) await new Promise((r) => setTimeout(r, 20));
    await terminate(pid);
    await failed;
    await new Promise((r) => setTimeout(r, 100)); // where the unpatched driver's timer throws
    const rows = await Promise.all([1, 2, 3].map((n) => handle.sql<{ n: number }[]>`select ${n}::int as n`));
    expect(rows.map(([row]) => row?.n)).toEqual([1, 2, 3]);
  });

  it('rejects every later query on a reserved connection whose backend died', async () => {
    const reserved = await handle.sql.reserve();
    const [row] = await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`;
    if (!row) throw new Error('no backend pid');
    const sleeping = reserved`select pg_sleep(5)`;
    await terminate(row.pid);
    await expect(sleeping).rejects.toThrow();
    await expect(reserved`select 1`).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    reserved.release();
    // Both connections at once: the released dead one must reconnect, not fail the transaction it is given.
    const ones = await Promise.all(
      [1, 2].map(() =>
        handle.sql.begin(async (tx) => (await tx<{ one: number }[]>`select 1 as one`)[0]?.one),
      ),
    );
    expect(ones).toEqual([1, 1]);
  });

  it('rejects the first query, and nothing else, when the server goes away while the types are fetched', async () => {
    // A proxy passes the server's greeting (which ends with ReadyForQuery), then drops the connection and
    // stops listening: the driver's own array-types query is in flight, and the reconnect is refused.
    // Unpatched, that types query is rejected later with nothing awaiting it, and an unhandled rejection ends
    // a Node process (vitest reports it as an error of this file).
    const target = new URL(t.url);
    const port = await freePort();
    const sockets: Socket[] = [];
    const proxy = createServer((client) => {
      const server = createConnection(Number(target.port || 5432), target.hostname);
      sockets.push(client, server);
      client.pipe(server);
      server.once('data', (greeting) => {
        client.write(greeting, () => {
          proxy.close();
          for (const socket of sockets) socket.destroy();
        });
      });
    });
    await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
    const url = new URL(t.url);
    url.port = String(port);
    const client = postgres(url.toString(), { max: 1, onnotice: () => {}, connect_timeout: 5 });
    await expect(client`select 1 as one`).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 300)); // where the stray rejection would surface
    await client.end({ timeout: 1 });
  });

  it('ends cleanly afterwards: no query of the dead connection is left waiting', async () => {
    // Unpatched, end() waits forever for the killed query's reply (our handles bound it with a timeout).
    await expect(handle.sql.end()).resolves.toBeUndefined();
  });
});
