import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './test/support/chromium.ts';

// End-to-end tests run Debian's Chromium (browsers cannot be downloaded here) against the
// production build served by `vite preview`.
// E2E_PORT and E2E_DIST let several builds be tested side by side (each its own port and outDir).
const port = Number(process.env.E2E_PORT ?? 4173);
const dist = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: process.env.E2E_RESULTS ?? 'test-results',
  timeout: 60_000,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    trace: 'off',
    // Otherwise every test would install the app's service worker (downloading its 5.5 MB
    // precache) and be answered from its cache, where routes see nothing. The specs about it
    // (offline, hosting, network) allow it and watch its requests themselves.
    serviceWorkers: 'block',
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --outDir ${dist}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: CHROMIUM,
      },
    },
  ],
});
