import { getConfig, requireDatabaseUrl } from '../config';
import { createDb, type DbHandle } from './client';

export type { Db, DbHandle, Sql, SqlTx, Tx } from './client';
export { clientOf, createDb } from './client';

// One pool per process, kept across Next's dev reloads.
const holder = globalThis as unknown as { __tukiDb?: DbHandle };

export function getDbHandle(): DbHandle {
  holder.__tukiDb ??= createDb(requireDatabaseUrl(getConfig()), { applicationName: 'tuki-web' });
  return holder.__tukiDb;
}

export function getDb() {
  return getDbHandle().db;
}
