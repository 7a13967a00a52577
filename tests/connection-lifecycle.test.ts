import { beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, useTestDbForRoutes } from './support/api';
import { startControlledHarness } from './support/fake-control';
import { harnessTestDb } from './support/harness-suite';
import { waitFor } from './support/processes';

/** How the session survives WhatsApp Web's connection quirks, provoked through the fake's control API. */
describe('connection lifecycle against a misbehaving WhatsApp Web', () => {
  let c: Awaited<ReturnType<typeof startControlledHarness>>;
  const t = harnessTestDb(() => c);
  beforeAll(() => {
    useTestDbForRoutes(t);
  });

  const session = async () => {
    const [row] = await t.sql<
      { status: string; qr: string | null; pairing_code: string | null; last_error: string | null }[]
    >`select status::text, qr, pairing_code, last_error from whatsapp_sessions`;
    return row!;
  };
  const start = async (misbehave: Record<string, boolean>, linked: boolean, overrides = {}) => {
    c = await startControlledHarness(t, {
      WA_READY_TIMEOUT_SECONDS: '1',
      WA_MAX_RESTARTS: '2',
      ...overrides,
    });
    c.h.world.linked = linked;
    await c.fake.misbehave(misbehave);
    c.h.start();
  };

  it('gives up on a page stuck on the loading screen instead of hanging in `starting`', async () => {
    await start({ stallLoading: true }, true);
    await c.h.waitForStatus('failed', 20_000);
    expect(await c.h.lastError()).toMatch(/did not load/);
    expect(c.clients).toBe(2);
  });

  it('shuts down although start() never returns', async () => {
    await start({ stallLoading: true }, true, { WA_READY_TIMEOUT_SECONDS: '600' });
    await waitFor('the client to start', async () => (c.clients > 0 ? true : undefined), 5000);
    await c.h.stop();
    expect((await session()).status).toBe('starting');
  });

  it('restarts when `ready` never follows `authenticated`', async () => {
    await start({ authenticatedWithoutReady: true }, true);
    await c.h.waitForStatus('failed', 20_000);
    expect(await c.h.lastError()).toMatch(/ready did not arrive after authentication/);
  });

  it('keeps a ready session ready when a stray QR arrives after `ready`', async () => {
    await start({ qrAfterReady: true }, true);
    await c.h.waitForStatus('ready');
    await waitFor('the stray QR', async () => (c.control.driver!.qrShown > 0 ? true : undefined), 5000);
    expect(c.h.runner.status).toBe('ready');
    await c.h.runner.sync();
    expect(await session()).toMatchObject({ status: 'ready', qr: null });
  });

  it('keeps the pairing code while the QR keeps rotating behind it, in the phone`s format', async () => {
    await start({ pairingCodeFormat: true }, false);
    await c.h.waitForStatus('qr');
    await c.control.driver!.requestPairingCode('56912345678');
    const code = await waitFor(
      'the pairing code',
      async () => (await session()).pairing_code ?? undefined,
      5000,
    );
    // The library gives 8 characters; the phone asks for ABCD-EFGH.
    expect(code).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}$/);
    const driver = c.control.driver!;
    const rotations = driver.qrShown;
    await waitFor(
      'the QR to rotate twice more',
      async () => (driver.qrShown >= rotations + 2 ? true : undefined),
      5000,
    );
    expect(await session()).toMatchObject({ status: 'pairing', pairing_code: code });
  });

  it('pairs by phone again after a client restart while pairing, the code in the phone`s format', async () => {
    await start({ pairingCodeFormat: true }, false);
    await c.h.waitForStatus('qr');
    const write = await createKey(t.db, 'write');
    const queued = await call('POST', '/api/v1/superadmin/whatsapp/session/pairing-code/', {
      key: write.key,
      body: { phone: '56912345678' },
    });
    expect(queued.status).toBe(202);
    const first = await waitFor(
      'the pairing code',
      async () => (await session()).pairing_code ?? undefined,
      5000,
    );
    // A restart while the person is typing the code (a crash, the watchdog, "Reiniciar"): the new client
    // starts with pairWithPhoneNumber, shows a fresh code in the library's 8-character form, and no QR.
    c.h.runner.restart('test: client restart while pairing');
    await waitFor('a second client', async () => (c.clients >= 2 ? true : undefined), 5000);
    const second = await waitFor(
      'a fresh code from the new client',
      async () => {
        const { pairing_code } = await session();
        return pairing_code && pairing_code !== first ? pairing_code : undefined;
      },
      5000,
    );
    expect(second).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(await session()).toMatchObject({ status: 'pairing', qr: null });
    expect(c.control.driver!.qrShown).toBe(0);
    // Linked: the phone is forgotten, so the next restart restores the session instead of pairing again.
    await c.post('/scan', {});
    await c.h.waitForStatus('ready');
    const [row] = await t.sql<
      { pairing_phone: string | null }[]
    >`select pairing_phone from whatsapp_sessions`;
    expect(row!.pairing_phone).toBeNull();
  });

  it('resumes pairing by phone when a new worker takes over a number that was mid-pairing', async () => {
    // What the previous worker left behind when it died after the person asked for a code (a crash, a deploy,
    // the pool moving the number): the phone, persisted, and no link yet.
    c = await startControlledHarness(t, { WA_READY_TIMEOUT_SECONDS: '1' });
    c.h.world.linked = false;
    await c.fake.misbehave({ pairingCodeFormat: true });
    await t.sql`update whatsapp_sessions set pairing_phone = '56912345678', status = 'pairing'`;
    c.h.start();
    const code = await waitFor(
      'a pairing code from the new worker',
      async () => (await session()).pairing_code ?? undefined,
      5000,
    );
    expect(code).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(await session()).toMatchObject({ status: 'pairing', qr: null });
    expect(c.control.driver!.qrShown).toBe(0);
  });

  it('restarts the client when the QR stops rotating (UNPAIRED_IDLE)', async () => {
    await start({ qrIdle: true }, false);
    await c.h.waitForStatus('qr');
    const first = (await session()).qr;
    const fresh = await waitFor(
      'a fresh QR from a new client',
      async () => {
        const { qr } = await session();
        return qr && qr !== first ? qr : undefined;
      },
      10_000,
    );
    expect(fresh).toBeTruthy();
    expect(c.clients).toBeGreaterThan(1);
  });

  for (const reason of ['TOS_BLOCK', 'DEPRECATED_VERSION', 'CONFLICT']) {
    it(`ends ${reason} as failed with a hint, without a retry loop`, async () => {
      await start({}, true);
      await c.h.waitForStatus('ready');
      await c.post('/disconnect', { reason });
      await c.h.waitForStatus('failed');
      expect(await c.h.lastError()).toContain(reason);
      expect(await c.h.lastError()).toMatch(/Reiniciar/);
      // A retry would build a new client after a 1 s backoff: the runner waits for a person instead.
      await new Promise((r) => setTimeout(r, 1500));
      expect(c.clients).toBe(1);
      expect((await session()).status).toBe('failed');
    });
  }
});
