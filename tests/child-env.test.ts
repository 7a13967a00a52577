import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserEnv, withoutWebSecrets } from '../lib/process/child-env';

const ENV = {
  PATH: '/usr/bin',
  HOME: '/home/tuki',
  LANG: 'es_CL.UTF-8',
  DATABASE_URL: 'postgres://tuki:hunter2@db/tuki',
  AUTH_SECRET: 'a-session-signing-secret-of-32-chars!!',
  METRICS_TOKEN: 'metrics-token-123456',
  INBOUND_WEBHOOK_SECRET: 'inbound-secret',
  ADMIN_PASSWORD: 'first-admin-password',
};

describe('what child processes see of the environment', () => {
  it('Chromium gets only what it needs to run, no credential of any kind', () => {
    expect(browserEnv(ENV)).toEqual({ PATH: '/usr/bin', HOME: '/home/tuki', LANG: 'es_CL.UTF-8' });
  });

  it('the worker started by npm start does not get the session-signing secret', () => {
    const env = withoutWebSecrets(ENV);
    expect(env.AUTH_SECRET).toBeUndefined();
    expect(env.ADMIN_PASSWORD).toBeUndefined();
    expect(env.DATABASE_URL).toBe(ENV.DATABASE_URL);
    const launcher = readFileSync('scripts/start.ts', 'utf8');
    expect(launcher).toMatch(/supervise\('worker'[\s\S]*?env: withoutWebSecrets\(env\)/);
  });

  it('in docker-compose only the web service gets AUTH_SECRET', () => {
    const compose = readFileSync('docker-compose.yml', 'utf8');
    const services = compose.slice(compose.indexOf('\nservices:'));
    const shared = compose.slice(0, compose.indexOf('\nservices:'));
    expect(shared.replace(/^#.*$/gm, '')).not.toContain('AUTH_SECRET');
    const web = services.slice(services.indexOf('\n  web:'), services.indexOf('\n  worker:'));
    expect(web).toContain('AUTH_SECRET:');
    expect(services.replace(web, '').replace(/^\s*#.*$/gm, '')).not.toContain('AUTH_SECRET');
  });
});
