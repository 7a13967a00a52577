import { accessSync, constants } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
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
