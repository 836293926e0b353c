import { ChatAnswer, importAndPublish, read, SpanList } from './api.ts';
import { expect, test } from './fixtures.ts';

test('the console finds a conversation by flow and text and shows its timeline and a run trace', async ({ page, request, browserErrors }) => {
  const { id: flowId } = await importAndPublish(request, 'form-bot.json');
  const say = async (conversationId: string, text: string) =>
    read(await request.post(`/api/v1/flows/${flowId}/chat`, { data: { conversationId, text, userId: 'console-user' } }), ChatAnswer);
  await say('console-a', 'hi');
  const latest = await say('console-a', 'Ada');
  await say('console-b', 'hello');
  const spans = await read(await request.get(`/api/v1/runs/${latest.runId}/spans`), SpanList);
  expect(spans.items.length).toBeGreaterThan(1);

  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Conversations' }).click();
  await expect(page.getByRole('heading', { name: 'Conversations' })).toBeVisible();

  const rows = page.getByRole('table').getByRole('row');
  await page.getByRole('combobox', { name: 'Flow', exact: true }).selectOption(flowId);
  await expect(rows).toHaveCount(3); // the header, then both conversations newest first
  await expect(rows.nth(1)).toContainText('console-b');
  await expect(rows.nth(2)).toContainText('console-a');

  await page.getByRole('searchbox', { name: 'Message text' }).fill('ADA');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(rows).toHaveCount(2);
  await rows.nth(1).getByRole('link', { name: 'console-a' }).click();

  await expect(page.getByRole('heading', { name: 'Conversation console-a' })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: 'console-user' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Messages' }).getByRole('listitem')).toHaveText([
    /^hi/,
    /^Welcome! What is your name\?/,
    /^Ada/,
    /^Thanks, Ada\. What is your email address\?/,
  ]);

  const runs = page.getByRole('list', { name: 'Runs' }).getByRole('button', { name: /^Run at/ });
  await expect(runs).toHaveCount(2);
  await runs.first().click(); // newest first: the run that answered "Ada"
  await expect(page.getByText('Flow version v1')).toBeVisible();

  const bars = page.getByRole('list', { name: 'Span waterfall' }).getByRole('listitem');
  await expect(bars).toHaveCount(spans.items.length);
  for (const [index, span] of spans.items.entries()) await expect(bars.nth(index)).toContainText(span.nodeId);

  const first = spans.items[0];
  await bars.first().getByRole('button').click();
  const output = page.getByRole('region', { name: `Span ${first?.nodeId ?? ''}` }).getByLabel('Output');
  await expect(output).toHaveText(JSON.stringify(first?.output, null, 2));

  await page.screenshot({ path: test.info().outputPath('console.png') });
  expect(browserErrors).toEqual([]);
});
