import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../lib/log';
import { clientOptions, WebjsDriver } from '../worker/whatsapp/webjs/webjs-driver';
import { createTestDb, type TestDb } from './support/db';
import { descendants } from './support/processes';
import { startHarness } from './support/worker-harness';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browsers = () => descendants(process.pid).length;

/**
 * The real whatsapp-web.js driver against the real Chromium, on a machine where WhatsApp is unreachable:
 * the session must end up failed with the reason shown, and no browser may be left running.
 */
describe('whatsapp-web.js driver offline', () => {
  let t: TestDb;
  const dataPath = mkdtempSync(path.join(tmpdir(), 'tuki-wwebjs-'));
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.drop();
    rmSync(dataPath, { recursive: true, force: true });
  });

  it('fails with the network reason and closes Chromium', { timeout: 120_000 }, async () => {
    expect(existsSync(chromium), `${chromium} must be installed (apt-get install -y chromium)`).toBe(true);
    const before = browsers();
    const h = await startHarness(
      t,
      { WA_MAX_RESTARTS: '1' },
      t,
      () =>
        new WebjsDriver({
          clientId: 'offline',
          dataPath,
          webCachePath: path.join(dataPath, 'cache'),
          takeoverOnConflict: false,
          chromePath: chromium,
          log: createLogger('test', 'silent'),
        }),
    );
    h.start();
    await h.waitForStatus('failed', 90_000);
    expect(await h.lastError()).toMatch(/ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|net::ERR_/);
    await h.cleanup();
    await new Promise((r) => setTimeout(r, 500));
    expect(browsers()).toBe(before);
  });

  it('keeps the version cache under DATA_DIR and does not take over a session open elsewhere', () => {
    const options = clientOptions({
      clientId: 'x',
      dataPath,
      webCachePath: path.join(dataPath, 'cache'),
      takeoverOnConflict: false,
      chromePath: chromium,
      log: createLogger('test', 'silent'),
    });
    // Unset, the library writes ./.wwebjs_cache under /app, which the image's user cannot: `ready` never comes.
    expect(options.webVersionCache).toEqual({ type: 'local', path: path.join(dataPath, 'cache') });
    expect(options.takeoverOnConflict).toBe(false);
  });

  it('says how to install Chromium when none is found', { timeout: 30_000 }, async () => {
    await t.sql`truncate whatsapp_sessions cascade`;
    const h = await startHarness(
      t,
      { WA_MAX_RESTARTS: '1' },
      t,
      () =>
        new WebjsDriver({
          clientId: 'nochrome',
          dataPath,
          webCachePath: path.join(dataPath, 'cache'),
          takeoverOnConflict: false,
          chromePath: '/nonexistent/chromium',
          log: createLogger('test', 'silent'),
        }),
    );
    h.start();
    await h.waitForStatus('failed');
    expect(await h.lastError()).toMatch(/apt-get install -y chromium/);
    await h.cleanup();
  });
});
