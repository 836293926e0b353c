import { ChatAnswer, importAndPublish, read } from './api.ts';
import { baseURL } from './env.ts';
import { expect, test } from './fixtures.ts';

// Runs in the "fresh-install" project, before any other test imports a flow (see playwright.config.ts).
test('a fresh install explains how to import; imported flows are listed with their published version', async ({ page, request, browserErrors }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Flows' })).toBeVisible();
  await expect(page.getByText('No flows yet.')).toBeVisible();
  // The commands name this very server, ready to paste.
  await expect(page.getByText(`curl -X POST ${baseURL}/api/v1/flows -H 'content-type: application/json'`)).toBeVisible();

  const ids: string[] = [];
  for (const template of ['rules-bot.json', 'form-bot.json']) {
    const { id, version } = await importAndPublish(request, template);
    expect(version).toBe(1);
    ids.push(id);
  }
  // One message to the rules bot: its row shows that run; the form bot has never run.
  const answer = await read(await request.post(`/api/v1/flows/${ids[0] ?? ''}/chat`, { data: { conversationId: 'list', text: 'hello' } }), ChatAnswer);
  expect(answer.status).toBe('completed');
  await page.reload();

  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(3); // the header and the two flows
  await expect(rows.first().getByRole('columnheader')).toHaveText(['Name', 'Published version', 'Channels', 'Last run', 'Updated', 'Actions']);
  for (const name of ['Rules bot', 'Form bot']) {
    const cells = rows.filter({ hasText: name }).getByRole('cell');
    await expect(cells.nth(0)).toHaveText(name);
    await expect(cells.nth(1)).toHaveText('v1');
    await expect(cells.nth(2)).toHaveText('no channels');
  }
  await expect(rows.filter({ hasText: 'Rules bot' }).getByRole('cell').nth(3)).toHaveText(/^completed (just now|\d+ minutes? ago)$/);
  await expect(rows.filter({ hasText: 'Form bot' }).getByRole('cell').nth(3)).toHaveText('never run');
  // Kept in test-results/ as a CI artifact: what the list looks like with flows in it.
  await page.screenshot({ path: testInfo.outputPath('flow-list.png'), fullPage: true });
  expect(browserErrors).toEqual([]);
});
