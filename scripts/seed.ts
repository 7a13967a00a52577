/** `npm run db:seed`: loads the Spanish demo catalogue into DATABASE_URL. Safe to run again. */
import { exitOnConfigError, loadConfig, requireDatabaseUrl } from '../lib/config';
import { createDb } from '../lib/db';
import { seedDemoData } from '../lib/demo/seed-data';

let url: string;
try {
  url = requireDatabaseUrl(loadConfig());
} catch (error) {
  exitOnConfigError(error);
}
const { db, close } = createDb(url, { max: 1, applicationName: 'tuki-seed' });
try {
  const s = await seedDemoData(db);
  console.log(
    `Datos de demostración cargados: ${s.organizers} organizadores, ${s.experiences} experiencias, ` +
      `${s.operatorsCreated} operadores nuevos, ${s.legacyOperatorsCreated} operadores antiguos, ${s.reservations} reservas.`,
  );
} catch (error) {
  console.error(`No se pudieron cargar los datos de demostración: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await close();
}
