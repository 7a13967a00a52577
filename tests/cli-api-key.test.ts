import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../scripts/cli/run-cli';
import { call, useTestDbForRoutes } from './support/api';
import { createTestDb, type TestDb } from './support/db';
import { createSession } from './support/factories';

describe('cli create-api-key', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    await createSession(t.db, { name: 'default' });
  });
  afterAll(() => t.drop());

  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { DATABASE_URL: t.url },
    });
    return { code, out, err };
  };

  it('prints a working key on the last line, with its scope enforced', async () => {
    const read = await run(['create-api-key', '--name', 'Marketplace lectura', '--scope', 'read']);
    expect(read.code).toBe(0);
    const key = read.out.at(-1)!;
    expect(key).toMatch(/^tuki_[\w-]{40,}$/);
    expect((await call('GET', '/api/v1/superadmin/whatsapp/status/', { key })).status).toBe(200);
    expect((await call('POST', '/api/v1/superadmin/whatsapp/sync/', { key })).status).toBe(403);
  });

  it.each([
    [['create-api-key', '--scope', 'read'], '--name'],
    [['create-api-key', '--name', 'x', '--scope', 'admin'], '--scope debe ser read o write'],
  ])('%j is refused with a reason', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.err.join('\n')).toContain(message);
  });
});
