import { expect, test } from './fixtures.ts';

test('/favicon.ico and the page icon answer 200', async ({ page, request }) => {
  const favicon = await request.get('/favicon.ico');
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()['content-type']).toMatch(/^image\//);

  await page.goto('/');
  const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
  expect(icon).not.toBeNull();
  expect((await request.get(icon ?? '')).status()).toBe(200);
});

test('the flow list page loads without console errors', async ({ page, browserErrors }) => {
  await page.goto('/');
  // Shown once the page has hydrated and the API answered: everything the page does on load is done.
  await expect(page.getByRole('table').or(page.getByText('No flows yet.'))).toBeVisible();
  expect(browserErrors).toEqual([]);
});
