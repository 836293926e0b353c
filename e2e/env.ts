// The e2e run's settings, read once: playwright.config.ts and the server setup import them from here.

const port = Number(process.env.E2E_PORT ?? '3199');
if (!Number.isInteger(port) || port < 1024 || port > 65_535) {
  throw new Error(`E2E_PORT=${JSON.stringify(process.env.E2E_PORT)} is not valid: expected a free port from 1024 to 65535 (default 3199)`);
}

/** Where the app under test listens: loopback only, like a default install. */
export const host = '127.0.0.1';
export { port };
export const baseURL = `http://${host}:${port}`;

/** On CI a stray `test.only` must fail the run instead of silently skipping every other test. */
export const isCI = process.env.CI === 'true' || process.env.CI === '1';

/** `E2E_UPDATE_DOCS=1 npm run test:e2e` also refreshes the screenshots the README shows (docs/*.png). */
export const updateDocs = process.env.E2E_UPDATE_DOCS === '1';
