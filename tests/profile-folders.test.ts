import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/log';
import { createDriverFactory } from '../worker/whatsapp/create-driver';

/**
 * Browser profiles are named by the number's id, so a number created again under a purged name starts
 * unlinked, in a folder of its own that the old number's late sign-out (which deletes its folder by path)
 * cannot touch. Profiles that older deployments named by the name keep working for their number.
 */
describe('browser profile folders', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tuki-profiles-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const wwebjs = path.join(dataDir, 'wwebjs');
  const factory = () =>
    createDriverFactory(
      loadConfig({ WA_DRIVER: 'webjs', DATA_DIR: dataDir, WA_SESSION: 'default' }),
      createLogger('test', 'silent'),
    );
  /** What Chromium keeps of a linked device: its login lives in files like this one. */
  const link = (folder: string, device: string, owner?: number) => {
    const profile = path.join(wwebjs, folder, 'Default');
    mkdirSync(profile, { recursive: true });
    writeFileSync(path.join(profile, 'Login Data'), device);
    if (owner) writeFileSync(path.join(wwebjs, folder, 'tuki-owner'), String(owner));
  };
  const device = (folder: string) => path.join(wwebjs, folder, 'Default', 'Login Data');
  const folders = () => readdirSync(wwebjs).sort();

  it('keeps the linked device of a profile an older deployment named by the number’s name', async () => {
    link('session-ventas', 'linked before the upgrade');
    link('session-caja', 'linked with an owner file', 8);
    const drivers = await factory();
    for (const number of [
      { id: 7, name: 'ventas' },
      { id: 8, name: 'caja' },
    ]) {
      const slot = drivers.forSession(number);
      slot.onLeaseAcquired();
      slot.create();
    }
    expect(existsSync(device('session-number-7'))).toBe(true);
    expect(existsSync(device('session-number-8'))).toBe(true);
    expect(existsSync(path.join(wwebjs, 'session-ventas'))).toBe(false);
  });

  it('gives a number created again under a purged name its own folder, which the old one’s clean-up leaves', async () => {
    const drivers = await factory();
    const old = drivers.forSession({ id: 1, name: 'soporte' });
    old.onLeaseAcquired();
    link('session-number-1', 'the purged number’s device');

    // Purged and created again at once: the new number (another id) starts while the old one is signing out.
    const renewed = drivers.forSession({ id: 2, name: 'soporte' });
    renewed.onLeaseAcquired();
    expect(existsSync(device('session-number-2'))).toBe(false);
    expect(existsSync(device('session-number-1'))).toBe(true); // the old browser's folder is not moved
    link('session-number-2', 'the new number’s device');

    await old.forget();
    expect(existsSync(path.join(wwebjs, 'session-number-1'))).toBe(false);
    expect(existsSync(device('session-number-2'))).toBe(true);
    await renewed.forget();
    expect(folders().filter((f) => /number-[12]\b/.test(f))).toEqual([]);
  });

  it('leaves an older folder of another number under the same name to that number, whose deletion removes it', async () => {
    link('session-reservas', 'number 3’s device', 3);
    const drivers = await factory();
    const newcomer = drivers.forSession({ id: 4, name: 'reservas' });
    newcomer.onLeaseAcquired();
    expect(existsSync(device('session-number-4'))).toBe(false);
    expect(existsSync(device('session-reservas'))).toBe(true);
    await drivers.forSession({ id: 3, name: 'reservas' }).forget();
    expect(existsSync(path.join(wwebjs, 'session-reservas'))).toBe(false);
    expect(existsSync(path.join(wwebjs, 'session-number-4'))).toBe(true);
  });
});
