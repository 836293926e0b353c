import type { Page } from '@playwright/test';
import { z } from 'zod';
import { read } from './api.ts';
import { expect, test } from './fixtures.ts';

const Draft = z.object({
  draft: z.object({
    nodes: z.array(z.object({ id: z.string(), type: z.string(), config: z.record(z.string(), z.unknown()), position: z.object({ x: z.number(), y: z.number() }) })),
    edges: z.array(z.object({ id: z.string(), source: z.string(), sourcePort: z.string(), target: z.string(), targetPort: z.string() })),
  }),
});
type Draft = z.infer<typeof Draft>['draft'];

// A trigger below two replies wired right to left: reply-1 sits right of reply-2, which it feeds.
const flow = {
  schemaVersion: 1,
  name: 'Shortcuts',
  nodes: [
    { id: 'chat-1', type: 'trigger.chat', typeVersion: 1, config: {}, position: { x: 0, y: 220 } },
    { id: 'reply-1', type: 'conversation.reply', typeVersion: 1, config: { text: 'First' }, position: { x: 320, y: 0 } },
    { id: 'reply-2', type: 'conversation.reply', typeVersion: 1, config: { text: 'Second' }, position: { x: 0, y: 0 } },
  ],
  edges: [
    { id: 'edge-1', source: 'chat-1', sourcePort: 'text', target: 'reply-1', targetPort: 'in' },
    { id: 'edge-2', source: 'reply-1', sourcePort: 'out', target: 'reply-2', targetPort: 'in' },
  ],
};

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

async function box(page: Page, testId: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await page.getByTestId(testId).boundingBox();
  if (!found) throw new Error(`${testId} is not on screen`);
  return found;
}

function wires(draft: Draft): string[] {
  return draft.edges.map((edge) => `${edge.source}.${edge.sourcePort}->${edge.target}.${edge.targetPort}`).sort();
}

test('the canvas selects, copies, pastes, duplicates, deletes, undoes and lays out from the keyboard', async ({ page, request, browserErrors, context }, testInfo) => {
  // A long walk through the editor, with autosaves to wait for along the way.
  test.setTimeout(90_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { id } = await read(await request.post('/api/v1/flows', { data: flow }), z.object({ id: z.string() }));
  const draft = async (): Promise<Draft> => (await read(await request.get(`/api/v1/flows/${id}`), Draft)).draft;
  const saved = page.getByRole('status', { name: 'Save status' });
  const notice = page.getByRole('status', { name: 'Connection notice' });
  const selected = page.locator('.react-flow__node.selected');

  await page.goto(`/flows/${id}`);
  await expect(page.locator('.react-flow__node')).toHaveCount(3);

  // Shift+drag a box across the top row: it touches reply-2 and reply-1, not the trigger below.
  const right = await box(page, 'node-reply-1');
  const left = await box(page, 'node-reply-2');
  await page.keyboard.down('Shift');
  await page.mouse.move(right.x + right.width + 30, right.y + 10);
  await page.mouse.down();
  await page.mouse.move(left.x + 20, left.y + 30, { steps: 10 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect(selected).toHaveCount(2);
  await expect(page.locator('.react-flow__node.selected[data-id="reply-1"], .react-flow__node.selected[data-id="reply-2"]')).toHaveCount(2);

  // Copy puts the two nodes and the wire between them on the system clipboard as a flow document.
  await page.keyboard.press(`${mod}+c`);
  await expect(notice).toHaveText('Copied 2 nodes');
  const clipboard = z
    .object({ schemaVersion: z.literal(1), nodes: z.array(z.object({ id: z.string() })), edges: z.array(z.object({ source: z.string(), target: z.string() })) })
    .parse(JSON.parse(await page.evaluate(() => navigator.clipboard.readText())));
  expect(clipboard.nodes.map((node) => node.id)).toEqual(['reply-1', 'reply-2']);
  expect(clipboard.edges).toMatchObject([{ source: 'reply-1', target: 'reply-2' }]);

  // Paste with the pointer on an empty part of the canvas: fresh ids, the wire rewired, only the copies selected.
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('the canvas is not on screen');
  await page.mouse.move(pane.x + pane.width * 0.45, pane.y + pane.height * 0.75);
  await page.keyboard.press(`${mod}+v`);
  await expect(page.getByTestId('node-reply-3')).toBeVisible();
  await expect(page.getByTestId('node-reply-4')).toBeVisible();
  await expect(selected).toHaveCount(2);
  await expect(page.locator('.react-flow__node.selected[data-id="reply-3"], .react-flow__node.selected[data-id="reply-4"]')).toHaveCount(2);
  await expect(saved).toHaveText('Saved');
  let stored = await draft();
  expect(stored.nodes.map((node) => node.id)).toEqual(['chat-1', 'reply-1', 'reply-2', 'reply-3', 'reply-4']);
  expect(stored.nodes.find((node) => node.id === 'reply-3')?.config).toEqual({ text: 'First' });
  expect(wires(stored)).toEqual(['chat-1.text->reply-1.in', 'reply-1.out->reply-2.in', 'reply-3.out->reply-4.in']);
  // The copies keep their relative places: reply-4 is 320 px left of reply-3, as reply-2 is of reply-1.
  const position = (nodeId: string) => stored.nodes.find((node) => node.id === nodeId)?.position;
  expect((position('reply-3')?.x ?? 0) - (position('reply-4')?.x ?? 0)).toBe(320);

  // Duplicate the pasted pair, then delete the duplicates with the key.
  await page.keyboard.press(`${mod}+d`);
  await expect(page.getByTestId('node-reply-5')).toBeVisible();
  await expect(page.getByTestId('node-reply-6')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);
  await expect(page.locator('.react-flow__node.selected[data-id="reply-5"], .react-flow__node.selected[data-id="reply-6"]')).toHaveCount(2);
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__node')).toHaveCount(5);
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);

  // Each of those was one undo step.
  await page.keyboard.press(`${mod}+z`);
  await expect(page.locator('.react-flow__node')).toHaveCount(7);
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);
  await page.keyboard.press(`${mod}+z`);
  await expect(page.locator('.react-flow__node')).toHaveCount(5);
  await page.keyboard.press(`${mod}+z`);
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await page.keyboard.press(`${mod}+Shift+z`);
  await expect(page.locator('.react-flow__node')).toHaveCount(5);
  await page.keyboard.press(`${mod}+y`);
  await expect(page.locator('.react-flow__node')).toHaveCount(7);
  await page.keyboard.press(`${mod}+Shift+z`);
  await expect(page.locator('.react-flow__node')).toHaveCount(5);
  await expect(saved).toHaveText('Saved');
  stored = await draft();
  expect(stored.nodes.map((node) => node.id)).toEqual(['chat-1', 'reply-1', 'reply-2', 'reply-3', 'reply-4']);
  expect(wires(stored)).toEqual(['chat-1.text->reply-1.in', 'reply-1.out->reply-2.in', 'reply-3.out->reply-4.in']);

  // Escape clears the selection; Ctrl+A selects everything.
  await page.keyboard.press('Escape');
  await expect(selected).toHaveCount(0);
  await page.keyboard.press(`${mod}+a`);
  await expect(selected).toHaveCount(5);
  await page.keyboard.press('Escape');

  // Keys typed in the side panel's form stay in the form.
  await page.getByTestId('node-reply-1').click();
  const text = page.getByRole('complementary', { name: 'Node settings' }).getByLabel('Text');
  await text.fill('First!');
  await text.press('Backspace');
  await text.press(`${mod}+a`);
  await text.press(`${mod}+d`);
  await expect(text).toHaveValue('First');
  await expect(page.locator('.react-flow__node')).toHaveCount(5);

  // Arrow keys nudge the focused selection 5 px a press; the run of presses is one undo step.
  await page.getByTestId('node-chat-1').click();
  for (let press = 0; press < 3; press += 1) await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await draft()).nodes[0]?.position).toEqual({ x: 15, y: 220 });
  await page.keyboard.press(`${mod}+z`);
  await expect.poll(async () => (await draft()).nodes[0]?.position).toEqual({ x: 0, y: 220 });

  // Text that is not a flow is not pasted, and the editor says so.
  await page.getByTestId('node-reply-1').click();
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', 'just some words');
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(notice).toHaveText('Nothing to paste: the clipboard holds no flow nodes');
  await expect(page.locator('.react-flow__node')).toHaveCount(5);

  // Auto-layout (Shift+L) lays every wire out left to right, in one undo step.
  await expect(saved).toHaveText('Saved');
  const before = await draft();
  await page.keyboard.press('Shift+L');
  await expect(saved).toHaveText('Saved');
  await expect.poll(async () => JSON.stringify((await draft()).nodes.map((node) => node.position))).not.toBe(JSON.stringify(before.nodes.map((node) => node.position)));
  const laid = await draft();
  const at = new Map(laid.nodes.map((node) => [node.id, node.position]));
  for (const edge of laid.edges) expect(at.get(edge.target)?.x, `${edge.source} → ${edge.target}`).toBeGreaterThan(at.get(edge.source)?.x ?? Infinity);
  // On screen too: reply-2 now sits right of reply-1.
  expect((await box(page, 'node-reply-2')).x).toBeGreaterThan((await box(page, 'node-reply-1')).x);
  await page.keyboard.press(`${mod}+z`);
  await expect.poll(async () => JSON.stringify((await draft()).nodes.map((node) => node.position))).toBe(JSON.stringify(before.nodes.map((node) => node.position)));
  await page.getByRole('toolbar', { name: 'Flow editor' }).getByRole('button', { name: 'Auto-layout' }).click();
  await expect.poll(async () => JSON.stringify((await draft()).nodes.map((node) => node.position))).toBe(JSON.stringify(laid.nodes.map((node) => node.position)));

  // `?` opens the shortcuts help, rendered from the same table the keys run; Escape closes it.
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  const keyName = mod === 'Meta' ? '⌘' : 'Ctrl';
  for (const [keys, what] of [[`${keyName}+C`, 'Copy the selected nodes'], [`${keyName}+V`, 'Paste nodes'], [`${keyName}+D`, 'Duplicate'], ['Shift+L', 'Auto-layout'], ['Shift+1', 'Fit the flow'], ['Esc', 'Clear the selection']] as const) {
    await expect(help.getByRole('row').filter({ hasText: what }).getByText(keys, { exact: true })).toBeVisible();
  }
  await page.screenshot({ path: testInfo.outputPath('editor-shortcuts-help.png') });
  await testInfo.attach('shortcuts help', { path: testInfo.outputPath('editor-shortcuts-help.png'), contentType: 'image/png' });
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(help).toBeVisible();
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toBeHidden();

  await page.screenshot({ path: testInfo.outputPath('editor-shortcuts.png') });
  await testInfo.attach('laid out', { path: testInfo.outputPath('editor-shortcuts.png'), contentType: 'image/png' });
  expect(browserErrors).toEqual([]);
});
