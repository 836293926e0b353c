import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { read } from './api.ts';
import { expect, test } from './fixtures.ts';

const templatesDir = path.resolve(import.meta.dirname, '../templates');

test('the playground runs an unpublished draft, lights up the nodes it ran, and shows a node’s output', async ({ page, request, browserErrors }, testInfo) => {
  const document = await readFile(path.join(templatesDir, 'form-bot.json'), 'utf8');
  const created = await request.post('/api/v1/flows', { data: document, headers: { 'content-type': 'application/json' } });
  const { id } = await read(created, z.object({ id: z.string(), publishedVersion: z.null() }));

  await page.goto(`/flows/${id}`);
  await expect(page.getByRole('heading', { name: 'Form bot' })).toBeVisible();
  await page.getByRole('button', { name: 'Playground' }).click();
  const panel = page.getByRole('complementary', { name: 'Playground' });
  await expect(panel).toBeVisible();
  const messages = panel.getByRole('list', { name: 'Playground messages' });

  const say = async (text: string, answer: string) => {
    await panel.getByRole('textbox', { name: 'Message' }).fill(text);
    await panel.getByRole('button', { name: 'Send' }).click();
    await expect(messages.getByText(answer)).toBeVisible();
  };
  await say('hi', 'Welcome! What is your name?');
  await expect(page.locator('.react-flow__node.sb-run-waiting')).toHaveCount(1);
  await say('Ada', 'Thanks, Ada. What is your email address?');
  await say('ada@example.com', 'All set, Ada: we will write to ada@example.com.');

  // The last run: the email ask resumed and the thanks reply ran; the reset branch was skipped.
  await expect(page.locator('.react-flow__node.sb-run-ok[data-id="thanks"]')).toBeVisible();
  await expect(page.locator('.react-flow__node.sb-run-ok[data-id="ask-email"]')).toBeVisible();
  await expect(page.locator('.react-flow__node.sb-run-skipped[data-id="forget"]')).toBeVisible();

  await page.getByTestId('node-thanks').click();
  const nodeRun = panel.getByRole('region', { name: 'Node run' });
  await expect(nodeRun.getByLabel('Node output')).toContainText('All set, Ada: we will write to ada@example.com.');
  await page.screenshot({ path: testInfo.outputPath('playground.png') });

  // Reset starts the session over: a known user would be welcomed back, a fresh session is asked again.
  await panel.getByRole('button', { name: 'Reset' }).click();
  await expect(messages.getByRole('listitem')).toHaveCount(0);
  await say('hello again', 'Welcome! What is your name?');

  // Still a draft: nothing was published.
  const flow = await read(await request.get(`/api/v1/flows/${id}`), z.object({ publishedVersion: z.null() }));
  expect(flow.publishedVersion).toBeNull();
  expect(browserErrors).toEqual([]);
});
