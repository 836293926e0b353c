import type { Locator, Page } from '@playwright/test';
import { z } from 'zod';
import { importAndPublish, read } from './api.ts';
import { expect, test } from './fixtures.ts';
import { updateDocs } from './env.ts';

const FlowDraft = z.object({
  draft: z.object({
    nodes: z.array(z.object({ id: z.string(), type: z.string(), config: z.record(z.string(), z.unknown()), position: z.object({ x: z.number(), y: z.number() }) })),
    edges: z.array(z.object({ id: z.string(), source: z.string(), sourcePort: z.string(), target: z.string(), targetPort: z.string() })),
  }),
});

/** Drags a palette entry onto the canvas, `at` pixels from the canvas's top-left corner. */
async function dropNode(page: Page, type: string, at: { x: number; y: number }): Promise<void> {
  await page.locator(`[data-node-type="${type}"]`).dragTo(page.locator('.react-flow__pane'), { targetPosition: at });
}

function handle(page: Page, nodeId: string, port: string, kind: 'source' | 'target'): Locator {
  return page.locator(`.react-flow__handle.${kind}[data-nodeid="${nodeId}"][data-handleid="${port}"]`);
}

/** Drags a wire from an output handle to an input handle, with the mouse, as a user does. */
async function wire(page: Page, from: Locator, to: Locator): Promise<void> {
  const start = await from.boundingBox();
  const end = await to.boundingBox();
  if (!start || !end) throw new Error('a handle is not on screen');
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 12 });
  await page.mouse.up();
}

test('a flow is drawn from the palette, checked live, saved, published, and edited with undo and redo', async ({ page, request, browserErrors }, testInfo) => {
  test.setTimeout(60_000); // ≈ 16 s alone; a long walk with six autosaves, slower on a busy machine
  const created = await request.post('/api/v1/flows', { data: { schemaVersion: 1, name: 'Drawn in the editor', nodes: [], edges: [] } });
  const { id } = await read(created, z.object({ id: z.string() }));

  // The flow list links each flow to its editor.
  await page.goto('/');
  await page.getByRole('link', { name: 'Drawn in the editor' }).click();
  await expect(page).toHaveURL(`/flows/${id}`);
  await expect(page.getByRole('heading', { name: 'Drawn in the editor' })).toBeVisible();
  await expect(page.getByText('Drag a node from the palette to start')).toBeVisible();
  const toolbar = page.getByRole('toolbar', { name: 'Flow editor' });

  // The palette lists every node type by category, and its search narrows the list.
  const palette = page.getByRole('complementary', { name: 'Node palette' });
  await palette.getByRole('searchbox', { name: 'Search nodes' }).fill('reply');
  await expect(palette.locator('[data-node-type="conversation.reply"]')).toBeVisible();
  await expect(palette.locator('[data-node-type="logic.loop"]')).toHaveCount(0);
  await palette.getByRole('searchbox', { name: 'Search nodes' }).fill('');

  await dropNode(page, 'trigger.chat', { x: 60, y: 120 });
  await dropNode(page, 'conversation.reply', { x: 380, y: 120 });
  await dropNode(page, 'logic.loop', { x: 220, y: 330 });
  for (const nodeId of ['chat-1', 'reply-1', 'loop-1']) await expect(page.getByTestId(`node-${nodeId}`)).toBeVisible();
  await expect(page.getByText('Drag a node from the palette to start')).toBeHidden();

  // Typed ports: text cannot feed the loop's list input, and the editor says why.
  await wire(page, handle(page, 'chat-1', 'text', 'source'), handle(page, 'loop-1', 'list', 'target'));
  await expect(page.getByRole('status', { name: 'Connection notice' })).toHaveText('text cannot connect to list');
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);

  await wire(page, handle(page, 'chat-1', 'text', 'source'), handle(page, 'reply-1', 'in', 'target'));
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);

  // The loop is wired to nothing: the live check says so, and its node carries a red badge.
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems.getByText('node `loop-1` is not reachable from a trigger: connect it or delete it')).toBeVisible();
  await expect(problems.getByRole('listitem').filter({ hasText: 'reply-1' })).toHaveCount(0);
  await expect(page.getByTestId('node-loop-1').locator('.sb-badge')).toBeVisible();
  await expect(page.getByTestId('node-reply-1').locator('.sb-badge')).toHaveCount(0);

  // Selecting a node opens its settings in the side panel.
  const panel = page.getByRole('complementary', { name: 'Node settings' });
  await page.getByTestId('node-reply-1').click();
  await expect(panel.getByText(/^Sends a message to the conversation/)).toBeVisible();
  await toolbar.getByRole('button', { name: 'Fit view' }).click();
  await page.waitForTimeout(400); // the fit is animated
  await palette.evaluate((element) => { element.scrollTo(0, 0); });
  await page.screenshot({ path: testInfo.outputPath('editor.png') });
  // The README's picture: refreshed on request only, so a test run leaves the checkout as it was.
  if (updateDocs) await page.screenshot({ path: 'docs/editor.png' });

  // Clicking a problem selects its node.
  await problems.getByRole('button', { name: /loop-1. is not reachable/ }).click();
  await expect(panel.getByRole('heading', { name: 'For each' })).toBeVisible();
  await expect(panel.getByText('loop-1', { exact: true })).toBeVisible();

  // Publishing now is refused with the same problems.
  await toolbar.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('status', { name: 'Publish status' })).toHaveText('Not published: 2 problems');

  // The side panel edits the selected node's config.
  await page.getByTestId('node-reply-1').click();
  await panel.getByLabel('Text').fill('Thanks, got it');
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');

  // Fix the problems by deleting the loop.
  await page.getByTestId('node-loop-1').click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-loop-1')).toHaveCount(0);
  await expect(problems.getByText('No problems: the flow compiles.')).toBeVisible();
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');

  await toolbar.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('status', { name: 'Publish status' })).toHaveText('Published version 1');

  // Undo brings the loop back with its problems; redo deletes it again.
  await toolbar.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('node-loop-1')).toBeVisible();
  await expect(problems.getByText('node `loop-1` is not reachable from a trigger: connect it or delete it')).toBeVisible();
  await page.keyboard.press('Control+Shift+Z');
  await expect(page.getByTestId('node-loop-1')).toHaveCount(0);
  await expect(problems.getByText('No problems: the flow compiles.')).toBeVisible();
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
  await page.screenshot({ path: testInfo.outputPath('editor-published.png') });

  const { draft } = await read(await request.get(`/api/v1/flows/${id}`), FlowDraft);
  expect(draft.nodes.map((node) => node.id)).toEqual(['chat-1', 'reply-1']);
  // Each node sits where it was dropped, with the defaults its config schema gives.
  expect(draft.nodes[0]).toMatchObject({ type: 'trigger.chat', config: {}, position: { x: 60, y: 120 } });
  expect(draft.nodes[1]).toMatchObject({ type: 'conversation.reply', config: { text: 'Thanks, got it' }, position: { x: 380, y: 120 } });
  expect(draft.edges).toEqual([{ id: 'edge-1', source: 'chat-1', sourcePort: 'text', target: 'reply-1', targetPort: 'in' }]);
  // The browser logs the refused publish's 422 answer itself; nothing else may go wrong.
  expect(browserErrors.filter((error) => !error.includes('status of 422'))).toEqual([]);
});

test('an unknown flow says so and links back to the list', async ({ page, browserErrors }) => {
  await page.goto('/flows/00000000-0000-4000-8000-000000000000');
  await expect(page.getByText('There is no flow with id 00000000-0000-4000-8000-000000000000.')).toBeVisible();
  await page.getByRole('link', { name: 'Back to the flows' }).click();
  await expect(page.getByRole('heading', { name: 'Flows' })).toBeVisible();
  // The browser logs the 404 answer itself; nothing else may go wrong.
  expect(browserErrors.filter((error) => !error.includes('404'))).toEqual([]);
});

test('a published template opens with its layout, config-dependent ports and no problems', async ({ page, request, browserErrors }, testInfo) => {
  const { id } = await importAndPublish(request, 'rules-bot.json');
  await page.goto(`/flows/${id}`);
  await expect(page.getByRole('heading', { name: 'Rules bot' })).toBeVisible();
  await expect(page.locator('.react-flow__node')).toHaveCount(7);
  await expect(page.getByRole('region', { name: 'Problems' }).getByText('No problems: the flow compiles.')).toBeVisible();
  // The switch's outputs come from its cases, plus `default` and `error`.
  const route = await read(await request.get(`/api/v1/flows/${id}`), z.object({ draft: z.object({ nodes: z.array(z.object({ id: z.string(), config: z.unknown() })) }) }));
  const cases = z.object({ cases: z.array(z.object({ port: z.string() })) }).parse(route.draft.nodes.find((node) => node.id === 'route')?.config).cases;
  const ports = page.locator('.react-flow__handle.source[data-nodeid="route"]');
  await expect(ports).toHaveCount(cases.length + 2);
  for (const { port } of cases) await expect(page.locator(`.react-flow__handle.source[data-nodeid="route"][data-handleid="${port}"]`)).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('editor-template.png') });
  expect(browserErrors).toEqual([]);
});
