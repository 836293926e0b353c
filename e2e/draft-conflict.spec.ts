import type { Browser, Page } from '@playwright/test';
import { z } from 'zod';
import { read } from './api.ts';
import { baseURL } from './env.ts';
import { expect, test } from './fixtures.ts';

const ReplyText = z.object({ draftRevision: z.number(), draft: z.object({ nodes: z.array(z.object({ id: z.string(), config: z.record(z.string(), z.unknown()) })) }) });

/** An editor in a browser context of its own, as a second person at another computer would have. */
async function openEditor(browser: Browser, flowId: string, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  await page.goto(`/flows/${flowId}`);
  await expect(page.getByTestId('node-out')).toBeVisible();
  return page;
}

/** Types the reply node's text in the side panel, as the user does. */
async function setReply(page: Page, text: string): Promise<void> {
  await page.getByTestId('node-out').click();
  await page.getByRole('complementary', { name: 'Node settings' }).getByLabel('Text').fill(text);
}

const saveStatus = (page: Page) => page.getByRole('status', { name: 'Save status' });
const banner = (page: Page) => page.getByRole('alert', { name: 'Save conflict' });

test('two editors of one flow: the later save stops with a banner, and each of its actions does what it says', async ({ browser, request }, testInfo) => {
  const created = await request.post('/api/v1/flows', {
    data: {
      schemaVersion: 1,
      name: 'Edited twice',
      nodes: [
        { id: 'in', type: 'trigger.chat', typeVersion: 1, config: {}, position: { x: 40, y: 80 } },
        { id: 'out', type: 'conversation.reply', typeVersion: 1, config: { text: 'original' }, position: { x: 360, y: 80 } },
      ],
      edges: [{ id: 'e1', source: 'in', sourcePort: 'text', target: 'out', targetPort: 'in' }],
    },
  });
  const { id } = await read(created, z.object({ id: z.string() }));
  const stored = async () => {
    const flow = await read(await request.get(`/api/v1/flows/${id}`), ReplyText);
    return { revision: flow.draftRevision, text: flow.draft.nodes.find((node) => node.id === 'out')?.config.text };
  };
  const errors: string[] = [];
  const alice = await openEditor(browser, id, errors);
  const bob = await openEditor(browser, id, errors);

  // Both opened revision 1. Alice saves first.
  await setReply(alice, 'from Alice');
  await expect(saveStatus(alice)).toHaveText('Saved');
  expect(await stored()).toEqual({ revision: 2, text: 'from Alice' });

  // Bob's save is based on revision 1: refused, and he is told so instead of overwriting Alice.
  await setReply(bob, 'from Bob');
  await expect(banner(bob)).toBeVisible();
  await expect(banner(bob)).toContainText('Someone else changed this flow');
  await expect(saveStatus(bob)).toHaveText('Could not save: someone else changed this flow');
  await bob.screenshot({ path: testInfo.outputPath('draft-conflict.png') });
  // Autosave stays stopped while the banner is up: further edits are not sent.
  await setReply(bob, 'from Bob, edited again');
  await bob.waitForTimeout(1500); // longer than the autosave delay
  expect(await stored()).toEqual({ revision: 2, text: 'from Alice' });

  // "Keep mine" sends Bob's current document on top of Alice's revision; autosave goes on after it.
  await banner(bob).getByRole('button', { name: 'Keep mine' }).click();
  await expect(banner(bob)).toBeHidden();
  await expect(saveStatus(bob)).toHaveText('Saved');
  expect(await stored()).toEqual({ revision: 3, text: 'from Bob, edited again' });
  await setReply(bob, 'Bob once more');
  await expect.poll(stored).toEqual({ revision: 4, text: 'Bob once more' });

  // Alice still holds revision 2: her next save conflicts. "Load their version" shows Bob's text.
  await setReply(alice, 'Alice again');
  await expect(banner(alice)).toBeVisible();
  await banner(alice).getByRole('button', { name: 'Load their version' }).click();
  await expect(alice.getByTestId('node-out')).toBeVisible();
  await expect(banner(alice)).toBeHidden();
  await alice.getByTestId('node-out').click();
  await expect(alice.getByRole('complementary', { name: 'Node settings' }).getByLabel('Text')).toHaveValue('Bob once more');
  expect(await stored()).toEqual({ revision: 4, text: 'Bob once more' });
  // The reloaded editor saves again, from the revision it loaded.
  await setReply(alice, 'Alice, after reloading');
  await expect(saveStatus(alice)).toHaveText('Saved');
  expect(await stored()).toEqual({ revision: 5, text: 'Alice, after reloading' });

  // The browser logs the two refused saves' 409 answers itself; nothing else may go wrong.
  expect(errors.filter((error) => !error.includes('status of 409'))).toEqual([]);
  expect(errors.filter((error) => error.includes('status of 409'))).toHaveLength(2);
  await Promise.all([alice.context().close(), bob.context().close()]);
});
