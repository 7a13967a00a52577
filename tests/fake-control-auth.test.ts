import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/log';
import { createDriverFactory } from '../worker/whatsapp/create-driver';
import { FakeControl, startControlServer } from '../worker/whatsapp/fake/control-server';
import { FakeWorld } from '../worker/whatsapp/fake/fake-world';
import { freePort } from './support/processes';

/** The fake's control API can write as any customer: only the holder of its token on this machine may call it. */
describe('fake driver control API hardening', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tuki-fake-auth-'));
  const token = 'a-test-token-for-the-fake-0123';
  let server: Server;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    server = await startControlServer(new FakeControl(new FakeWorld(dir)), port, token);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (headers: Record<string, string>, body?: string) =>
    fetch(`http://127.0.0.1:${port}/chats`, {
      method: 'POST',
      headers,
      body: body ?? JSON.stringify({ chats: [{ id: '56911111111@c.us', name: 'Ana' }] }),
    });

  it('refuses a request without the bearer token, or with a wrong one, and changes nothing', async () => {
    expect((await call({ 'content-type': 'application/json' })).status).toBe(401);
    const wrong = await call({ 'content-type': 'application/json', authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    const state = await fetch(`http://127.0.0.1:${port}/state`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await state.json()) as { chats: number }).chats).toBe(0);
  });

  it('refuses a foreign Host (DNS rebinding) and a body that is not JSON-typed (cross-site forms)', async () => {
    const auth = { authorization: `Bearer ${token}` };
    // fetch does not let a caller set Host; a raw request does.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/state', headers: { ...auth, host: `evil.example:${port}` } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
    expect((await call({ ...auth, 'content-type': 'text/plain' })).status).toBe(415);
    expect((await call({ ...auth, 'content-type': 'application/json' })).status).toBe(200);
  });

  it('does not start outside development and test, and prints a generated token when none is set', async () => {
    const log = createLogger('test', 'silent');
    const data = mkdtempSync(path.join(tmpdir(), 'tuki-fake-env-'));
    try {
      await expect(
        createDriverFactory(loadConfig({ WA_DRIVER: 'fake', NODE_ENV: 'production', DATA_DIR: data }), log),
      ).rejects.toThrow(/NODE_ENV=development or test/);
      const printed: string[] = [];
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string) =>
        printed.push(String(chunk)) > 0) as typeof process.stdout.write;
      const fakePort = await freePort();
      let factory: Awaited<ReturnType<typeof createDriverFactory>>;
      try {
        factory = await createDriverFactory(
          loadConfig({ WA_DRIVER: 'fake', NODE_ENV: 'test', DATA_DIR: data, FAKE_WA_PORT: String(fakePort) }),
          log,
        );
      } finally {
        process.stdout.write = write;
      }
      const generated = /control token \(FAKE_WA_TOKEN not set\): (\S+)/.exec(printed.join(''))?.[1];
      expect(generated).toBeTruthy();
      const ok = await fetch(`http://127.0.0.1:${fakePort}/state`, {
        headers: { authorization: `Bearer ${generated}` },
      });
      expect(ok.status).toBe(200);
      await factory.close();
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
