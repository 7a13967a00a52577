import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema>;
export type Sql = postgres.Sql;
/** A postgres.js transaction (inside sql.begin). */
export type SqlTx = postgres.TransactionSql;
/** A database handle or an open transaction: verbs accept either so callers can compose them atomically. */
export type Tx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

export interface DbHandle {
  db: Db;
  sql: Sql;
  close: () => Promise<void>;
}

export function createDb(url: string, options: { max?: number; applicationName?: string } = {}): DbHandle {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'tuki' },
  });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

/**
 * The postgres.js client under a Drizzle handle (`drizzle()` sets `$client`; the `Db` type leaves it out).
 * Media bytes go through it directly: bytea parameters and results as Buffers, no query builder in between.
 */
export const clientOf = (db: Db): Sql => (db as Db & { $client: Sql }).$client;
