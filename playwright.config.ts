import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './worker/whatsapp/webjs/find-chromium';

const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // The API refuses cookie-authenticated changes without an Origin (a browser always sends one; Playwright's
    // request helper does not).
    extraHTTPHeaders: { origin: `http://127.0.0.1:${port}` },
    locale: 'es-CL',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // The system Chromium from Debian: no browser is downloaded here.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
  },
  /**
   * Desktop runs every spec; the phone (390×844) the page checks, its own shell checks and the WhatsApp story;
   * the tablet (768×1024) the page checks. Projects run one after another against the same server.
   */
  projects: [
    { name: 'desktop', testIgnore: ['phone.spec.ts'] },
    {
      name: 'phone',
      testMatch: ['pages.spec.ts', 'phone.spec.ts', 'whatsapp-flow.spec.ts'],
      use: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    },
    {
      name: 'tablet',
      testMatch: ['pages.spec.ts'],
      use: { viewport: { width: 768, height: 1024 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    },
  ],
  webServer: {
    command: 'node --import tsx scripts/e2e-server.ts',
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 300_000,
    stdout: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
  },
});
