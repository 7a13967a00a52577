import type { Server } from 'node:http';
import { FakeControl, startControlServer } from '../../worker/whatsapp/fake/control-server';
import { FakeDriver } from '../../worker/whatsapp/fake/fake-driver';
import type { TestDb } from './db';
import { freePort } from './processes';
import { FAKE_WA_TOKEN, fakeClient } from './stack';
import { startHarness } from './worker-harness';

/**
 * The in-process harness with the fake's real control API in front of it: tests drive the phone exactly as
 * external checks do (HTTP, token), while the worker's code runs in-process against the test database.
 */
export async function startControlledHarness(t: TestDb, overrides: Record<string, string> = {}) {
  let control: FakeControl | undefined;
  let clients = 0;
  const h = await startHarness(t, overrides, t, () => {
    const driver = new FakeDriver(h.world, { qrRotateMs: 200 });
    control!.driver = driver;
    clients++;
    return driver;
  });
  control = new FakeControl(h.world);
  const port = await freePort();
  const server: Server = await startControlServer(control, port, FAKE_WA_TOKEN);
  const fake = fakeClient(port);
  return {
    h,
    fake,
    port,
    control,
    /** How many WhatsApp clients the worker has started so far (restarts build a new one). */
    get clients() {
      return clients;
    },
    /** Raw access for the calls fakeClient has no helper for. */
    post: async <T>(route: string, body: unknown): Promise<T> => {
      const res = await fetch(`http://127.0.0.1:${port}${route}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${FAKE_WA_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`fake POST ${route}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async cleanup() {
      await h.cleanup();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
