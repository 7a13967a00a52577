import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Config } from '../../lib/config';
import type { Logger } from '../../lib/log';
import { FakeControl, startControlServer } from './fake/control-server';
import { FakeDriver } from './fake/fake-driver';
import { FakeWorld, fakePhoneNumberFor } from './fake/fake-world';
import type { WhatsAppDriver } from './port';
import { clearProfileLocks } from './webjs/profile-locks';
import {
  claimProfile,
  profileClientId,
  profilePaths,
  removeProfile,
  sweepProfileTrash,
} from './webjs/profile-owner';

/** How the worker builds the WhatsApp clients of one number. */
export interface SessionDrivers {
  create: () => WhatsAppDriver;
  /** Runs right after this worker acquired the number's lease, before any of its clients starts. */
  onLeaseAcquired: () => void;
  /** The number was deleted: remove what this worker keeps on disk for it. */
  forget: () => Promise<void>;
}

export interface DriverFactory {
  forSession: (session: { id: number; name: string }) => SessionDrivers;
  qrTtlMs: number;
  close: () => Promise<void>;
}

/**
 * Builds the configured driver. The fake keeps one control API for the process's lifetime and one fake phone
 * per number (`DATA_DIR/fake-wa/<session>`); whatsapp-web.js keeps one Chromium profile per number
 * (`DATA_DIR/wwebjs/session-number-<id>`), which is what a standby on another machine needs on a shared volume.
 */
export async function createDriverFactory(config: Config, log: Logger): Promise<DriverFactory> {
  if (config.WA_DRIVER === 'fake') {
    // Its control API lets anyone holding the token write as any customer: never on a server.
    if (config.NODE_ENV !== 'development' && config.NODE_ENV !== 'test') {
      throw new Error(
        `WA_DRIVER=fake runs only with NODE_ENV=development or test (it is ${config.NODE_ENV}).`,
      );
    }
    const control = new FakeControl(
      (session) =>
        new FakeWorld(path.resolve(config.DATA_DIR, 'fake-wa', session), {
          phone: fakePhoneNumberFor(session, config.WA_SESSION),
        }),
      config.WA_SESSION,
    );
    const token = config.FAKE_WA_TOKEN ?? randomBytes(24).toString('base64url');
    const server = await startControlServer(control, config.FAKE_WA_PORT, token);
    log.info({ port: config.FAKE_WA_PORT }, 'fake WhatsApp control API listening on 127.0.0.1');
    // Generated tokens are printed once, on stdout and not through the logger, so log shipping never keeps it.
    if (!config.FAKE_WA_TOKEN) {
      process.stdout.write(
        `Fake WhatsApp control token (FAKE_WA_TOKEN not set): ${token}\n` +
          `  curl -H 'Authorization: Bearer ${token}' http://127.0.0.1:${config.FAKE_WA_PORT}/state\n`,
      );
    }
    const qrRotateMs = config.FAKE_WA_QR_ROTATE_SECONDS * 1000;
    return {
      qrTtlMs: qrRotateMs,
      forSession: ({ name: session }) => ({
        onLeaseAcquired: () => {
          control.reload(session);
        },
        // The fake phone's files are the phone's, not ours: they stay.
        forget: async () => {},
        create: () => {
          const phone = control.phone(session);
          phone.driver = new FakeDriver(phone.world, { qrRotateMs });
          phone.clients++;
          return phone.driver;
        },
      }),
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }
  // Loaded only for the real driver: whatsapp-web.js and puppeteer are the worker's largest modules.
  const { WebjsDriver } = await import('./webjs/webjs-driver');
  const dataPath = path.resolve(config.DATA_DIR, 'wwebjs');
  void sweepProfileTrash(dataPath).catch((error: unknown) =>
    log.warn({ err: error }, 'could not remove the browser profiles left by deleted numbers'),
  );
  return {
    qrTtlMs: 20_000,
    forSession: (number) => {
      const session = number.name;
      // LocalAuth keeps the profile at <dataPath>/session-<clientId>, named by the number's id (profile-owner.ts).
      const profile = profilePaths(dataPath, number).dir;
      const claim = () => {
        try {
          claimProfile(dataPath, number);
        } catch (error) {
          // Not writable: Chromium's own error at launch says so.
          log.warn({ err: error, session }, 'could not record the owner of the browser profile');
        }
      };
      return {
        onLeaseAcquired: () => {
          claim();
          clearProfileLocks(profile);
        },
        // Signed out, the library has removed it already; not signed out (not ready), it is removed here.
        forget: () => removeProfile(dataPath, number),
        create: () => {
          // Again for every client: a sign-out from the dashboard removes the folder, owner file included.
          claim();
          return new WebjsDriver({
            clientId: profileClientId(number.id),
            dataPath,
            webCachePath: path.resolve(config.DATA_DIR, 'wwebjs-cache'),
            takeoverOnConflict: config.WA_TAKEOVER_ON_CONFLICT,
            chromePath: config.CHROME_PATH,
            sandbox: config.CHROMIUM_SANDBOX,
            log: log.child({ session }),
          });
        },
      };
    },
    close: async () => {},
  };
}
