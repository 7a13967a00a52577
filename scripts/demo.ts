/**
 * `npm run demo [-- --scan]`: the whole product on your machine without a phone. `npm start` with the fake
 * WhatsApp driver and demo data (Chilean organizers, experiences, operators, reservations) in .data/demo,
 * plus WhatsApp chats and operator groups in the fake phone. `--scan` links the fake phone right away;
 * otherwise scan from Conexión with: curl -X POST -H 'authorization: Bearer <token printed at start>' http://127.0.0.1:<FAKE_WA_PORT>/scan
 * A second number added on Conexión ("Agregar número") has its own fake phone: scan it with `/scan?session=<name>`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { DEMO_ORGANIZERS } from '../lib/demo/catalog';
import { demoReservations } from '../lib/demo/seed-data';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--scan');
if (unknown.length > 0) {
  console.error(`Unknown argument(s): ${unknown.join(' ')}. Usage: npm run demo [-- --scan]`);
  process.exit(2);
}
const port = process.env.PORT ?? '3000';
const fakePort = process.env.FAKE_WA_PORT ?? '3101';
const fakeToken = process.env.FAKE_WA_TOKEN ?? randomBytes(18).toString('base64url');
const env: NodeJS.ProcessEnv = {
  ...process.env,
  WA_DRIVER: 'fake',
  DEMO_SEED: '1',
  DATA_DIR: process.env.DATA_DIR ?? path.resolve('.data/demo'),
  EMBEDDED_PG_PORT: process.env.EMBEDDED_PG_PORT ?? '54379',
  PORT: port,
  FAKE_WA_PORT: fakePort,
  FAKE_WA_TOKEN: fakeToken,
};
const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));

const fake = (route: string, body?: unknown) =>
  fetch(`http://127.0.0.1:${fakePort}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${fakeToken}` },
    body: JSON.stringify(body ?? {}),
  });

async function prepare() {
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const groups = DEMO_ORGANIZERS.map((o, i) => ({
    id: `1203630000000000${String(i + 1).padStart(2, '0')}@g.us`,
    name: `Reservas ${o.name}`,
    isGroup: true,
  }));
  const customers = [
    'Camila Rojas',
    'Matías González',
    'Valentina Muñoz',
    'Benjamín Soto',
    'Isidora Díaz',
  ].map((name, i) => ({
    id: `5699${String(1234500 + i)}@c.us`,
    name,
  }));
  await fake('/chats', { chats: [...groups, ...customers] });
  if (args.includes('--scan')) await fake('/scan');
  console.log(
    `\n  Demo ready: http://127.0.0.1:${port}\n` +
      `  Fake phone: ${args.includes('--scan') ? 'linked' : `link it from Conexión, then: curl -X POST -H 'authorization: Bearer ${fakeToken}' http://127.0.0.1:${fakePort}/scan`}\n` +
      `  A customer message: curl -X POST http://127.0.0.1:${fakePort}/messages -H 'authorization: Bearer ${fakeToken}' -H 'content-type: application/json' \\\n` +
      `    -d '{"chatId":"${customers[0]!.id}","body":"Hola, mi reserva es ${demoReservations()[0]!.code}"}'\n` +
      `  A second number: Conexión → "Agregar número" (e.g. ventas), then scan its QR on its own fake phone:\n` +
      `    curl -X POST -H 'authorization: Bearer ${fakeToken}' 'http://127.0.0.1:${fakePort}/scan?session=ventas'\n` +
      `    and write to it: add ?session=ventas to the message curl above. Each number has its own inbox.\n`,
  );
}
void prepare().catch((error: unknown) => console.error('demo setup failed:', error));
