import type { Page } from '@playwright/test';
import { z } from 'zod';
import { importAndPublish, read } from './api.ts';
import { expect, test } from './fixtures.ts';

const Templates = z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), source: z.enum(['builtin', 'instance']) })) });

const card = (page: Page, name: string) => page.getByRole('listitem', { name, exact: true });

test('a flow saved as a template is offered in the gallery, starts new flows, and can be deleted there', async ({ page, request, browserErrors }, testInfo) => {
  const suffix = Date.now().toString(36);
  const flowName = `House rules ${suffix}`;
  const templateName = `Team rules ${suffix}`;
  const { id } = await importAndPublish(request, 'rules-bot.json');
  const renamed = await request.get(`/api/v1/flows/${id}`);
  const { draft } = await read(renamed, z.object({ draft: z.record(z.string(), z.unknown()) }));
  await read(await request.put(`/api/v1/flows/${id}`, { data: { ...draft, name: flowName } }), z.object({ name: z.literal(flowName) }));

  // Save as template, from the flows list: a small dialog asks for the name (the flow's, to start with) and a description.
  await page.goto('/');
  await page.locator(`tr[data-flow-id="${id}"]`).getByRole('button', { name: 'Save as template' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save as template' });
  await expect(dialog.getByRole('textbox', { name: 'Name' })).toHaveValue(flowName);
  await dialog.getByRole('textbox', { name: 'Name' }).fill(templateName);
  await dialog.getByRole('textbox', { name: 'Description (optional)' }).fill('Greets, answers questions, echoes the rest.');
  await dialog.getByRole('button', { name: 'Save template' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: `Saved “${templateName}” as a template` })).toBeVisible();

  // The gallery shows it beside the built-ins, marked as saved here; only it can be deleted.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click();
  const saved = card(page, templateName);
  await expect(saved).toContainText('Saved on this server');
  await expect(saved).toContainText('Greets, answers questions, echoes the rest.');
  await expect(saved).toContainText('no credentials needed');
  await expect(card(page, 'Rules bot')).toContainText('Built in');
  await expect(card(page, 'Rules bot').getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('templates.png'), fullPage: true });

  // It starts a new flow under the template's name.
  await saved.getByRole('button', { name: 'Use this template' }).click();
  await expect(page).toHaveURL(/\/flows\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: templateName, exact: true })).toBeVisible();
  await expect(page.locator('.react-flow__node')).toHaveCount(7);

  // Deleting asks first, names the template, and keeps the flows made from it.
  await page.goto('/templates');
  await card(page, templateName).getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete template' });
  await expect(confirm).toContainText(templateName);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(card(page, templateName)).toBeVisible();
  await card(page, templateName).getByRole('button', { name: 'Delete' }).click();
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(card(page, templateName)).toHaveCount(0);
  await expect(page.getByRole('status')).toContainText(`Deleted the template “${templateName}”`);
  const left = await read(await request.get('/api/v1/templates'), Templates);
  expect(left.items.map((item) => item.name)).not.toContain(templateName);
  expect(left.items.filter((item) => item.source === 'builtin').map((item) => item.id)).toEqual(['agent-assistant', 'form-bot', 'llm-chat-bot', 'rules-bot', 'telegram-demo']);
  await page.goto('/');
  await expect(page.getByRole('link', { name: templateName, exact: true })).toBeVisible();

  // Built-in templates are files of the server: the API refuses to delete them, and says why.
  const refused = await request.delete('/api/v1/templates/rules-bot');
  expect(refused.status()).toBe(409);
  expect(await refused.json()).toMatchObject({ error: { code: 'builtin_template' } });
  expect(browserErrors).toEqual([]);
});
