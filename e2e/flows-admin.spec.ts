import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { z } from 'zod';
import { read } from './api.ts';
import { expect, test } from './fixtures.ts';

const Created = z.object({ id: z.string() });
const uuidPath = /\/flows\/([0-9a-f-]{36})$/;

const row = (page: Page, flowId: string) => page.locator(`tr[data-flow-id="${flowId}"]`);

/** The flow id of the editor the page is on. */
async function editorFlowId(page: Page, name: string): Promise<string> {
  await expect(page).toHaveURL(uuidPath);
  await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
  const id = uuidPath.exec(new URL(page.url()).pathname)?.[1];
  if (id === undefined) throw new Error(`not an editor URL: ${page.url()}`);
  return id;
}

test('flows are created, renamed, duplicated, exported, imported, deleted and started from templates', async ({ page, request, browserErrors }) => {
  const name = `Admin bot ${Date.now().toString(36)}`;

  // New flow: an empty draft, opened in the editor.
  await page.goto('/');
  await page.getByRole('button', { name: 'New flow' }).click();
  await editorFlowId(page, 'Untitled flow');

  // A flow that needs a credential, so that the import checklist has a to-do.
  const { id } = await read(await request.post('/api/v1/templates/llm-chat-bot/flows'), Created);
  await page.goto('/');

  // Rename, inline.
  await row(page, id).getByRole('button', { name: /^Rename/ }).click();
  await row(page, id).getByRole('textbox', { name: 'Flow name' }).fill(name);
  await row(page, id).getByRole('button', { name: 'Save', exact: true }).click();
  await expect(row(page, id).getByRole('cell').first()).toHaveText(name);
  await expect(row(page, id).getByRole('cell').nth(1)).toHaveText('not published');

  // Duplicate.
  await row(page, id).getByRole('button', { name: 'Duplicate' }).click();
  await expect(page.getByRole('link', { name: `${name} (copy)`, exact: true })).toBeVisible();

  // Export: the file has no credential ids and lists what the flow needs.
  const downloading = page.waitForEvent('download');
  await row(page, id).getByRole('link', { name: 'Export' }).click();
  const download = await downloading;
  const exported = await readFile(await download.path(), 'utf8');
  expect(exported).not.toContain('credentialId');
  const parsed = z.object({ name: z.string(), requires: z.object({ credentials: z.array(z.string()) }) }).parse(JSON.parse(exported));
  expect(parsed).toMatchObject({ name, requires: { credentials: ['openai'] } });

  // Import: a broken paste shows the server's message; the exported file shows its checklist, then opens.
  await page.getByRole('button', { name: 'Import' }).click();
  const panel = page.getByRole('region', { name: 'Import a flow' });
  await panel.getByRole('textbox').fill('{"name": ');
  await panel.getByRole('button', { name: 'Check' }).click();
  await expect(panel.getByRole('alert')).toContainText('not valid JSON');
  await panel.getByLabel('Flow file').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: Buffer.from(exported) });
  await expect(panel.getByRole('textbox')).toHaveValue(exported);
  await panel.getByRole('button', { name: 'Check' }).click();
  await expect(panel.getByRole('region', { name: 'Import checklist' })).toContainText('needs a openai credential');
  await panel.getByRole('button', { name: 'Import and open' }).click();
  const importedId = await editorFlowId(page, name);
  expect(importedId).not.toBe(id);

  await page.goto('/');
  await expect(row(page, importedId).getByRole('cell').first()).toHaveText(name);
  // The imported copy exports to the very same bytes as the original.
  const [original, copy] = await Promise.all([id, importedId].map((flowId) => request.get(`/api/v1/flows/${flowId}/export`)));
  expect(await copy?.text()).toBe(await original?.text());
  await page.screenshot({ path: test.info().outputPath('flows.png'), fullPage: true });

  // Delete, after a confirmation that names the flow and what goes with it.
  await row(page, importedId).getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete flow' });
  await expect(dialog).toContainText(name);
  await expect(dialog).toContainText('conversations');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(row(page, importedId)).toHaveCount(0);
  await expect(row(page, id)).toHaveCount(1);
  expect((await request.get(`/api/v1/flows/${importedId}`)).status()).toBe(404);

  // A template from the gallery opens in the editor.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click();
  const card = page.getByRole('listitem', { name: 'Rules bot' });
  await expect(card).toContainText('no credentials needed');
  await card.getByRole('button', { name: 'Use this template' }).click();
  await editorFlowId(page, 'Rules bot');

  // The one expected error: the browser logs the 400 answer to the broken paste.
  expect(browserErrors.filter((error) => !error.includes('400'))).toEqual([]);
});
