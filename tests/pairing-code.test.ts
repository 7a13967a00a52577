import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, useTestDbForRoutes } from './support/api';
import { createTestDb, type TestDb } from './support/db';
import { waitFor } from './support/processes';
import { startHarness } from './support/worker-harness';

describe('pairing codes', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof startHarness>>;
  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
  });
  afterAll(async () => {
    await h?.cleanup();
    await t.drop();
  });

  it('never appear in the command a read key can fetch', async () => {
    h = await startHarness(t);
    h.start();
    await h.waitForStatus('qr');
    const write = await createKey(t.db, 'write');
    const read = await createKey(t.db, 'read');
    const queued = await call('POST', '/api/v1/superadmin/whatsapp/session/pairing-code/', {
      key: write.key,
      body: { phone: '56911112222' },
    });
    expect(queued.status).toBe(202);
    const { command } = (await queued.json()) as { command: { id: number } };
    const read1 = await waitFor(
      'the command to finish',
      async () => {
        const res = await call('GET', `/api/v1/superadmin/whatsapp/commands/${command.id}/`, {
          key: read.key,
        });
        const body = (await res.json()) as { status: string };
        return body.status === 'succeeded' ? body : undefined;
      },
      10_000,
    );
    // The code itself lives only in the session row, which /qr (write access) serves while pairing lasts.
    expect(read1).toMatchObject({ result: { codeIssued: true } });
    expect(JSON.stringify(read1)).not.toMatch(/[A-Z0-9]{4}-[A-Z0-9]{4}/);
  });
});
