/** `npm run db:migrate`: apply the committed migrations to DATABASE_URL (run once per deploy). */
import { exitOnConfigError, loadConfig, requireDatabaseUrl } from '../lib/config';
import { runMigrations } from '../lib/db/migrate';

let url: string;
try {
  url = requireDatabaseUrl(loadConfig());
} catch (error) {
  exitOnConfigError(error);
}
await runMigrations(url);
console.log('migrations applied');
