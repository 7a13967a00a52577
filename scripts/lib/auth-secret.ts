import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../lib/config';

/** The configured value, else one generated once into DATA_DIR/<file> (zero-setup runs keep it across restarts). */
function configuredOrGenerated(value: string | undefined, dataDir: string, fileName: string): string {
  if (value) return value;
  const file = path.resolve(dataDir, fileName);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * AUTH_SECRET signs the session cookies. Zero-setup runs keep a generated one in DATA_DIR so sign-ins survive
 * restarts; several web replicas must share one, so they must set AUTH_SECRET explicitly.
 */
export function resolveAuthSecret(config: Config): string {
  return configuredOrGenerated(config.AUTH_SECRET, config.DATA_DIR, 'auth-secret');
}

/** WEBHOOK_SECRETS_KEY encrypts webhook endpoint secrets at rest; `npm start` generates one the same way. */
export function resolveWebhookSecretsKey(config: Config): string {
  return configuredOrGenerated(config.WEBHOOK_SECRETS_KEY, config.DATA_DIR, 'webhook-secrets-key');
}
