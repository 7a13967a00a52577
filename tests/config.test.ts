import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requireDatabaseUrl } from '../lib/config';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('runs with nothing set: every variable has a working default', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.WA_DRIVER).toBe('webjs');
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('names the variable and what it expects, one line each', () => {
    const lines = problems({ PORT: 'abc', WA_DRIVER: 'selenium', DATABASE_URL: 'mysql://x' });
    expect(lines).toHaveLength(3);
    expect(lines).toContain('Configuration error: PORT must be a port number from 1 to 65535 (got "abc").');
    expect(lines.find((l) => l.includes('WA_DRIVER'))).toMatch(/one of webjs, fake/);
    expect(lines.find((l) => l.includes('DATABASE_URL'))).toMatch(/postgres:\/\//);
  });

  it('never prints a secret it rejects', () => {
    const [line] = problems({ AUTH_SECRET: 'short-secret-value' });
    expect(line).toContain('AUTH_SECRET');
    expect(line).not.toContain('short-secret-value');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).PORT).toBe(3000);
  });

  it('rejects out-of-range ports and bad session names', () => {
    expect(problems({ PORT: '70000' })[0]).toMatch(/^Configuration error: PORT/);
    expect(problems({ WA_SESSION: 'has space' })[0]).toMatch(/WA_SESSION must be letters, digits/);
  });

  it('requires DATABASE_URL for processes that run against an existing database', () => {
    expect(() => requireDatabaseUrl(loadConfig({}))).toThrow(/DATABASE_URL must be set/);
    expect(requireDatabaseUrl(loadConfig({ DATABASE_URL: 'postgres://a@b/c' }))).toBe('postgres://a@b/c');
  });
});
