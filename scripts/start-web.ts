/** `npm run start:web`: one stateless web process against DATABASE_URL (run as many as needed). */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { exitOnConfigError, loadConfig, requireDatabaseUrl } from '../lib/config';
import { resolveAuthSecret } from './lib/auth-secret';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
  requireDatabaseUrl(config);
} catch (error) {
  exitOnConfigError(error);
}
const webServer = path.join(process.cwd(), 'scripts/web-server.ts');
const child = spawn(process.execPath, ['--import', 'tsx', webServer], {
  stdio: 'inherit',
  env: {
    ...process.env,
    AUTH_SECRET: resolveAuthSecret(config),
    AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? 'true',
    NODE_ENV: 'production',
  },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
