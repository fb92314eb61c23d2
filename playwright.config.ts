import { defineConfig } from '@playwright/test';

// The browser tests drive the real product (API + built UI + embedded worker) on a fresh
// embedded database, in Debian's Chromium (Playwright cannot download browsers here).
const port = Number(process.env.E2E_PORT ?? 8765);
const dataDir = 'test-results/e2e-data';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `rm -rf ${dataDir} && npm run build:web && node apps/cli/bin/tunix-rt.mjs start`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      BACKEND_PORT: String(port),
      TUNIX_DATA_DIR: dataDir,
      TUNIX_CLI: 'apps/api/test/fixtures/fake-tunix.mjs',
      TUNIX_RUN_TIMEOUT_SECONDS: '60',
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
    },
  },
});
