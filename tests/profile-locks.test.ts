import { existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/log';
import { createDriverFactory } from '../worker/whatsapp/create-driver';

const present = (file: string) => {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
};

/** A Chromium that died on another host leaves its profile locked: the next lease holder must clear it. */
describe('Chromium profile locks', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tuki-locks-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('clears SingletonLock/Socket/Cookie of the session profile when the lease is acquired, nothing else', async () => {
    const profile = path.join(dataDir, 'wwebjs', 'session-number-1');
    mkdirSync(profile, { recursive: true });
    // As Chromium leaves them: the lock is a symlink to "<host>-<pid>" that dangles on any other host.
    symlinkSync('other-host-4242', path.join(profile, 'SingletonLock'));
    symlinkSync('/tmp/.org.chromium.Chromium.gone/SingletonSocket', path.join(profile, 'SingletonSocket'));
    symlinkSync('1234567890', path.join(profile, 'SingletonCookie'));
    writeFileSync(path.join(profile, 'Local State'), '{}');
    const factory = await createDriverFactory(
      loadConfig({ WA_DRIVER: 'webjs', DATA_DIR: dataDir, WA_SESSION: 'default' }),
      createLogger('test', 'silent'),
    );
    expect(present(path.join(profile, 'SingletonLock'))).toBe(true); // building the factory touches nothing
    factory.forSession({ id: 1, name: 'default' }).onLeaseAcquired();
    for (const lock of ['SingletonLock', 'SingletonSocket', 'SingletonCookie']) {
      expect(present(path.join(profile, lock))).toBe(false);
    }
    expect(existsSync(path.join(profile, 'Local State'))).toBe(true);
    await factory.close();
  });
});
