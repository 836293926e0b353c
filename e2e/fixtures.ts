import { test as base } from '@playwright/test';

export { expect } from '@playwright/test';

/** `browserErrors`: every console error the page logged and every exception it threw, from the first navigation. */
export const test = base.extend<{ browserErrors: string[] }>({
  browserErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      const { url } = message.location();
      if (message.type() === 'error') errors.push(`console: ${message.text()}${url === '' ? '' : ` (${url})`}`);
    });
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    await use(errors);
  },
});
