import path from 'node:path';
import type { Config } from '../../lib/config';
import type { Logger } from '../../lib/log';
import { FakeControl, startControlServer } from './fake/control-server';
import { FakeDriver } from './fake/fake-driver';
import { FakeWorld } from './fake/fake-world';
import type { WhatsAppDriver } from './port';
import { WebjsDriver } from './webjs/webjs-driver';

export interface DriverFactory {
  create: () => WhatsAppDriver;
  qrTtlMs: number;
  close: () => Promise<void>;
}

/** Builds the configured driver. The fake keeps one world and one control API for the process's lifetime. */
export async function createDriverFactory(config: Config, log: Logger): Promise<DriverFactory> {
  if (config.WA_DRIVER === 'fake') {
    if (config.NODE_ENV === 'production' && !config.FAKE_WA_ALLOW_PRODUCTION) {
      throw new Error(
        'WA_DRIVER=fake refuses to run with NODE_ENV=production (set FAKE_WA_ALLOW_PRODUCTION=1 for a demo).',
      );
    }
    const world = new FakeWorld(path.resolve(config.DATA_DIR, 'fake-wa', config.WA_SESSION));
    const control = new FakeControl(world);
    const server = await startControlServer(control, config.FAKE_WA_PORT);
    log.info({ port: config.FAKE_WA_PORT }, 'fake WhatsApp control API listening on 127.0.0.1');
    const qrRotateMs = config.FAKE_WA_QR_ROTATE_SECONDS * 1000;
    return {
      qrTtlMs: qrRotateMs,
      create: () => {
        control.driver = new FakeDriver(world, { qrRotateMs });
        return control.driver;
      },
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }
  return {
    qrTtlMs: 20_000,
    create: () =>
      new WebjsDriver({
        clientId: config.WA_SESSION,
        dataPath: path.resolve(config.DATA_DIR, 'wwebjs'),
        chromePath: config.CHROME_PATH,
        sandbox: config.CHROMIUM_SANDBOX,
        log,
      }),
    close: async () => {},
  };
}
