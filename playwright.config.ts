import { defineConfig } from '@playwright/test';
import { baseURL, isCI } from './e2e/env.ts';

/** Browser tests against the real app: e2e/server.ts starts it with `node scripts/start.ts` on a fresh data directory. */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  globalSetup: './e2e/server.ts',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  // One server and one database for the whole run: tests run one at a time, and a failure is never retried away.
  workers: 1,
  retries: 0,
  forbidOnly: isCI,
  reporter: 'list',
  use: {
    baseURL,
    browserName: 'chromium',
    // Debian's Chromium: Playwright cannot download its own browsers on these machines.
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    viewport: { width: 1280, height: 800 },
    screenshot: 'on',
    trace: 'retain-on-failure',
  },
  projects: [
    // The empty state needs a database without flows: this project runs before any test that imports one.
    { name: 'fresh-install', testMatch: 'flow-list.spec.ts' },
    { name: 'app', testIgnore: 'flow-list.spec.ts', dependencies: ['fresh-install'] },
  ],
});
