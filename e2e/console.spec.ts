import { z } from 'zod';
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
  // Newest first and already open: the run that answered "Ada".
  await expect(runs.first()).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('link', { name: 'version 1' })).toBeVisible();

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

const node = (id: string, type: string, x: number, y: number, config: Record<string, unknown> = {}) => ({ id, type, typeVersion: 1, config, position: { x, y } });
const edge = (id: string, source: string, sourcePort: string, target: string, targetPort: string) => ({ id, source, sourcePort, target, targetPort });

/** "hello" is greeted; anything else is how many seconds to wait, so text that is no number fails `pause`. */
const branching = {
  schemaVersion: 1,
  name: 'Greet or wait',
  nodes: [
    node('in', 'trigger.chat', 0, 100),
    node('route', 'logic.condition', 260, 100, { left: '{{ message.text }}', operator: 'equals', right: 'hello' }),
    node('greet', 'conversation.reply', 560, 0, { text: 'Hello!' }),
    node('pause', 'logic.delay', 560, 220, { seconds: '{{ message.text }}' }),
    node('done', 'conversation.reply', 860, 220, { text: 'Waited.' }),
  ],
  edges: [
    edge('in-route', 'in', 'text', 'route', 'in'),
    edge('route-greet', 'route', 'true', 'greet', 'in'),
    edge('route-pause', 'route', 'false', 'pause', 'in'),
    edge('pause-done', 'pause', 'out', 'done', 'in'),
  ],
};

test('a run is drawn on its flow version: the path taken lit, the other branch dimmed, the failed node red', async ({ page, request, browserErrors }, testInfo) => {
  const { id: flowId } = await read(await request.post('/api/v1/flows', { data: branching }), z.object({ id: z.string() }));
  await read(await request.post(`/api/v1/flows/${flowId}/publish`), z.object({ version: z.literal(1) }));
  const say = async (text: string) => read(await request.post(`/api/v1/flows/${flowId}/chat`, { data: { conversationId: 'trace-me', text } }), ChatAnswer);
  expect((await say('hello')).status).toBe('completed');
  expect((await say('soon')).status).toBe('failed');

  // The time filter: nothing was active in the future; clearing brings the conversation back.
  await page.goto(`/conversations?flowId=${flowId}`);
  await expect(page.getByRole('link', { name: 'trace-me' })).toBeVisible();
  await page.getByLabel('Active from').fill('2099-01-01T00:00');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/from=2099-01-0/);
  await expect(page.getByText('No conversations match these filters.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/conversations$/);
  await page.getByRole('link', { name: 'trace-me' }).first().click();
  await expect(page.getByRole('heading', { name: 'Conversation trace-me' })).toBeVisible();

  // The newest run, open: it went the false way and failed at `pause`.
  const runs = page.getByRole('list', { name: 'Runs' }).getByRole('listitem').filter({ has: page.getByRole('button', { name: /^Run at/ }) });
  const failed = runs.first();
  const failedCanvas = failed.getByRole('group', { name: 'Flow trace' });
  await expect(failedCanvas.getByTestId('trace-pause')).toHaveAttribute('data-trace', 'error');
  await expect(failedCanvas.getByTestId('trace-route')).toHaveAttribute('data-trace', 'ok');
  await expect(failedCanvas.getByTestId('trace-greet')).toHaveAttribute('data-trace', 'skipped');
  await expect(failedCanvas.getByTestId('trace-done')).toHaveAttribute('data-trace', 'skipped');
  await expect(failedCanvas.getByTestId('rf__node-pause')).toHaveClass(/sb-run-error/);
  await expect(failedCanvas.getByTestId('rf__node-greet')).toHaveClass(/sb-run-skipped/);
  await expect(failedCanvas.getByTestId('rf__edge-route-pause')).toHaveClass(/trace-edge-taken/);
  await expect(failedCanvas.getByTestId('rf__edge-route-greet')).toHaveClass(/trace-edge-idle/);
  await expect(failedCanvas.getByTestId('rf__edge-pause-done')).toHaveClass(/trace-edge-idle/);

  // A click on the red node shows why it failed.
  await failedCanvas.getByTestId('trace-pause').click();
  const pauseSpan = failed.getByRole('region', { name: 'Span pause' });
  await expect(pauseSpan.getByLabel('Error')).toContainText('seconds');
  await expect(failed.getByRole('list', { name: 'Span waterfall' }).getByRole('button', { pressed: true })).toContainText('pause');

  // The older run took the other branch: greeted, and never reached `pause`.
  await runs.nth(1).getByRole('button', { name: /^Run at/ }).click();
  const greeted = runs.nth(1);
  const greetedCanvas = greeted.getByRole('group', { name: 'Flow trace' });
  await expect(greetedCanvas.getByTestId('trace-greet')).toHaveAttribute('data-trace', 'ok');
  await expect(greetedCanvas.getByTestId('trace-pause')).toHaveAttribute('data-trace', 'skipped');
  await expect(greetedCanvas.getByTestId('rf__edge-route-greet')).toHaveClass(/trace-edge-taken/);
  await expect(greetedCanvas.getByTestId('rf__edge-route-pause')).toHaveClass(/trace-edge-idle/);
  await greetedCanvas.getByTestId('trace-greet').click();
  await expect(greeted.getByRole('region', { name: 'Span greet' }).getByLabel('Output')).toContainText('"out": "Hello!"');
  // And the other way round: a waterfall row picks its node on the canvas.
  await greeted.getByRole('list', { name: 'Span waterfall' }).getByRole('button', { name: /^route/ }).click();
  await expect(greetedCanvas.getByTestId('rf__node-route')).toHaveClass(/trace-selected/);
  await expect(greeted.getByRole('region', { name: 'Span route' }).getByLabel('Output')).toContainText('"true": "hello"');

  // At 1280 wide the waterfall sits below the canvas; on a wide screen beside it.
  const boxes = async () => {
    const canvas = await greetedCanvas.boundingBox();
    const waterfall = await greeted.getByRole('list', { name: 'Span waterfall' }).boundingBox();
    if (canvas === null || waterfall === null) throw new Error('the canvas or the waterfall is not laid out');
    return { canvas, waterfall };
  };
  const narrow = await boxes();
  expect(narrow.waterfall.y).toBeGreaterThanOrEqual(narrow.canvas.y + narrow.canvas.height);
  await page.screenshot({ path: testInfo.outputPath('console-trace.png'), fullPage: true });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect.poll(async () => {
    const wide = await boxes();
    return wide.waterfall.x >= wide.canvas.x + wide.canvas.width;
  }).toBe(true);
  await greeted.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('console-trace-wide.png') });
  await page.setViewportSize({ width: 1280, height: 800 });

  // The version that ran, in the version history.
  await greeted.getByRole('link', { name: 'version 1' }).click();
  await expect(page).toHaveURL(new RegExp(`/flows/${flowId}/versions\\?version=1$`));
  await expect(page.getByRole('table', { name: 'Version history' }).getByRole('row', { name: /Version 1/ })).toHaveAttribute('aria-current', 'true');
  expect(browserErrors).toEqual([]);
});
