import { accessSync, constants } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
];

/**
 * The launch flags of every headless Chromium we start: the worker's WhatsApp Web client, the e2e browser
 * (playwright.config.ts) and the UI bench. Containers here have no GPU and no user-namespace sandbox, /dev/shm
 * is small, and background traffic (updates, sync, QUIC probes) would only add noise.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-setuid-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export const CHROMIUM_MISSING =
  'Chromium was not found. Install it (Debian/Ubuntu: apt-get install -y chromium) or set CHROME_PATH to a Chrome/Chromium executable.';

/** CHROME_PATH when set (must be executable), else the first system browser found. */
export function findChromium(configured: string | undefined): string {
  const candidates = configured ? [configured] : CANDIDATES;
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    configured
      ? `CHROME_PATH=${configured} is not an executable file. ${CHROMIUM_MISSING}`
      : CHROMIUM_MISSING,
  );
}
