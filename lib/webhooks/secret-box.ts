import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { getConfig } from '../config';

/**
 * Endpoint secrets at rest: AES-256-GCM under a key derived from WEBHOOK_SECRETS_KEY, so a database dump or
 * backup alone cannot sign events as us. Without the setting they are stored as given (the README says so).
 * Rows written before the setting existed stay readable: anything without the prefix is plain text.
 */
const PREFIX = 'enc:v1:';

function keyFrom(setting: string): Buffer {
  return createHash('sha256').update(`tuki-webhook-secrets:${setting}`).digest();
}

export function sealSecret(secret: string, setting = getConfig().WEBHOOK_SECRETS_KEY): string {
  if (!setting) return secret;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(setting), iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `${PREFIX}${[iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64url')).join('.')}`;
}

export function openSecret(stored: string, setting = getConfig().WEBHOOK_SECRETS_KEY): string {
  if (!stored.startsWith(PREFIX)) return stored;
  if (!setting) throw new Error('webhook secrets are encrypted but WEBHOOK_SECRETS_KEY is not set');
  const [iv, tag, sealed] = stored
    .slice(PREFIX.length)
    .split('.')
    .map((p) => Buffer.from(p, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', keyFrom(setting), iv!);
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(sealed!), decipher.final()]).toString('utf8');
}

/**
 * What the dashboard and API show of a secret: the first 8 hex digits of its SHA-256, which a receiver can
 * compare with its own (`printf %s "$SECRET" | sha256sum | cut -c1-8`) and which reveals nothing to sign with.
 */
export function secretFingerprint(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 8)}`;
}
