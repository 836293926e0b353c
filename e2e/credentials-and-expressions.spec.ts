import { z } from 'zod';
import { read } from './api.ts';
import { expect, test } from './fixtures.ts';

const Credentials = z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), type: z.string(), createdAt: z.string() })) });
const Draft = z.object({
  draft: z.object({ nodes: z.array(z.object({ id: z.string(), config: z.record(z.string(), z.unknown()), credentialId: z.string().optional() })) }),
});

/** chat → llm (a chat model, no credential yet) → reply. */
const modelFlow = {
  schemaVersion: 1,
  name: 'Model with a key',
  nodes: [
    { id: 'chat', type: 'trigger.chat', typeVersion: 1, config: {}, position: { x: 40, y: 120 } },
    { id: 'llm', type: 'model.chat', typeVersion: 1, config: { model: 'gpt-4o-mini' }, position: { x: 320, y: 120 } },
    { id: 'reply', type: 'conversation.reply', typeVersion: 1, config: { text: '' }, position: { x: 600, y: 120 } },
  ],
  edges: [
    { id: 'e1', source: 'chat', sourcePort: 'text', target: 'llm', targetPort: 'in' },
    { id: 'e2', source: 'llm', sourcePort: 'text', target: 'reply', targetPort: 'in' },
  ],
};

test('a credential is created on its page, picked for a model node, and an upstream output is completed in an expression', async ({ page, request, browserErrors }, testInfo) => {
  test.setTimeout(60_000); // two pages, three autosaves and a rebuild-free but long walk through the editor
  const secret = `sk-e2e-${String(Date.now())}`;
  const name = `OpenAI e2e ${String(Date.now())}`;

  // The credentials page, from the main navigation: create one with the type's fields as password boxes.
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Credentials' }).click();
  await expect(page.getByRole('heading', { name: 'Credentials' })).toBeVisible();
  await expect(page.getByText('Loading credentials…')).toBeHidden();
  await page.getByRole('button', { name: 'New credential' }).click();
  const form = page.getByRole('form', { name: 'New credential' });
  await form.getByLabel('Name').fill(name);
  await expect(form.getByLabel('Type')).toHaveValue('openai');
  const key = form.getByLabel('API key');
  await expect(key).toHaveAttribute('type', 'password');
  await key.fill(secret);
  await form.getByRole('button', { name: 'Save credential' }).click();
  await expect(page.getByRole('status')).toHaveText(`Saved “${name}”.`);
  const table = page.getByRole('table', { name: 'Credentials' });
  await expect(table.getByRole('row', { name: new RegExp(name) })).toContainText('openai');
  await expect(page.locator('body')).not.toContainText(secret);
  await page.screenshot({ path: testInfo.outputPath('credentials-page.png') });
  const stored = (await read(await request.get('/api/v1/credentials?type=openai'), Credentials)).items.find((entry) => entry.name === name);
  expect(stored).toBeDefined();

  // The editor: the model node's panel picks the credential, and the draft autosaves its id.
  const created = await read(await request.post('/api/v1/flows', { data: modelFlow }), z.object({ id: z.string() }));
  await page.goto(`/flows/${created.id}`);
  await expect(page.getByRole('heading', { name: 'Model with a key' })).toBeVisible();
  const panel = page.getByRole('complementary', { name: 'Node settings' });
  await page.getByTestId('node-llm').click();
  const picker = panel.getByLabel('Credential');
  await expect(picker).toBeEnabled();
  await expect(picker).toHaveValue(''); // optional for a chat model: "None"
  await picker.selectOption({ label: name });
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
  await expect.poll(async () => (await read(await request.get(`/api/v1/flows/${created.id}`), Draft)).draft.nodes.find((node) => node.id === 'llm')?.credentialId).toBe(stored?.id);

  // "New credential…" creates one of the node's type inline and picks it.
  await panel.getByRole('button', { name: 'New credential…' }).click();
  const inline = panel.getByRole('form', { name: 'New credential' });
  await inline.getByLabel('Name').fill(`${name} inline`);
  await inline.getByLabel('API key').fill(`${secret}-inline`);
  await inline.getByRole('button', { name: 'Save credential' }).click();
  await expect(inline).toBeHidden();
  await expect(picker.locator('option:checked')).toHaveText(`${name} inline`);
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
  const second = (await read(await request.get('/api/v1/credentials?type=openai'), Credentials)).items.find((entry) => entry.name === `${name} inline`);
  await expect.poll(async () => (await read(await request.get(`/api/v1/flows/${created.id}`), Draft)).draft.nodes.find((node) => node.id === 'llm')?.credentialId).toBe(second?.id);
  await page.screenshot({ path: testInfo.outputPath('credential-picker.png') });
  await picker.selectOption({ label: name });
  await expect.poll(async () => (await read(await request.get(`/api/v1/flows/${created.id}`), Draft)).draft.nodes.find((node) => node.id === 'llm')?.credentialId).toBe(stored?.id);

  // A reply after the model: typing {{ lists what it may read; the keyboard picks the model's answer.
  await page.getByTestId('node-reply').click();
  const text = panel.getByLabel('Text');
  await text.click();
  await text.pressSequentially('Answer: {{');
  const list = page.getByRole('listbox', { name: 'Expression completions' });
  await expect(list).toBeVisible();
  await expect(list.getByRole('option', { name: /^nodes\.llm\.text text · / })).toBeVisible();
  await expect(list.getByRole('option', { name: /^nodes\.chat\.text/ })).toBeVisible();
  await expect(list.getByRole('option', { name: /^nodes\.reply/ })).toHaveCount(0); // itself: not upstream
  await page.keyboard.press('Escape');
  await expect(list).toBeHidden();
  await text.pressSequentially(' ');
  await expect(list).toBeVisible();
  const wanted = list.getByRole('option', { name: /^nodes\.llm\.text/ });
  const wantedId = await wanted.getAttribute('id');
  for (let step = 0; step < 30 && (await text.getAttribute('aria-activedescendant')) !== wantedId; step += 1) await page.keyboard.press('ArrowDown');
  await expect(text).toHaveAttribute('aria-activedescendant', wantedId ?? 'missing');
  await expect(wanted).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: testInfo.outputPath('expression-completion.png') });
  await page.keyboard.press('Enter');
  await expect(list).toBeHidden();
  await expect(text).toHaveValue('Answer: {{ nodes.llm.text }}');
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
  await expect.poll(async () => (await read(await request.get(`/api/v1/flows/${created.id}`), Draft)).draft.nodes.find((node) => node.id === 'reply')?.config).toEqual({ text: 'Answer: {{ nodes.llm.text }}' });
  await expect(page.getByRole('region', { name: 'Problems' }).getByText('No problems: the flow compiles.')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('credentials-and-expressions.png') });
  expect(browserErrors).toEqual([]);
});
