import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/log';
import { createDriverFactory } from '../worker/whatsapp/create-driver';
import { waitFor } from './support/processes';

/**
 * Browser profiles are named by the number's name (LocalAuth's clientId), and a purge frees the name at once.
 * A number created again under that name must start unlinked, not as the old number's device, and the old
 * number's late clean-up must not delete the new one's profile. Profiles of existing deployments keep working.
 */
describe('browser profile folders of deleted numbers', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tuki-profiles-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const wwebjs = path.join(dataDir, 'wwebjs');
  const factory = () =>
    createDriverFactory(
      loadConfig({ WA_DRIVER: 'webjs', DATA_DIR: dataDir, WA_SESSION: 'default' }),
      createLogger('test', 'silent'),
    );
  /** What Chromium keeps of a linked device: its login lives in files like this one. */
  const link = (name: string, device: string) => {
    const profile = path.join(wwebjs, `session-${name}`, 'Default');
    mkdirSync(profile, { recursive: true });
    writeFileSync(path.join(profile, 'Login Data'), device);
  };
  const device = (name: string) => path.join(wwebjs, `session-${name}`, 'Default', 'Login Data');

  it('keeps the profile an existing deployment linked under the name', async () => {
    link('ventas', 'linked before the upgrade');
    const drivers = (await factory()).forSession({ id: 7, name: 'ventas' });
    drivers.onLeaseAcquired();
    drivers.create();
    expect(existsSync(device('ventas'))).toBe(true);
  });

  it('a number created again under a purged name gets a fresh profile the old one’s clean-up cannot remove', async () => {
    const drivers = await factory();
    const old = drivers.forSession({ id: 1, name: 'soporte' });
    old.onLeaseAcquired();
    link('soporte', 'the purged number’s device');

    // Purged and created again at once: the new number (another id) is claimed while the old one's slot is
    // still signing out.
    const renewed = drivers.forSession({ id: 2, name: 'soporte' });
    renewed.onLeaseAcquired();
    expect(existsSync(device('soporte'))).toBe(false);
    link('soporte', 'the new number’s device');

    await old.forget();
    expect(existsSync(device('soporte'))).toBe(true);

    // The new number's own deletion removes its profile, and nothing is left in the data directory.
    await renewed.forget();
    // The old number's folder, moved aside when the new one was claimed, goes too (in the background).
    await waitFor(
      'no folder of soporte left',
      async () => (readdirSync(wwebjs).some((name) => name.includes('soporte')) ? undefined : true),
      10_000,
    );
  });
});
