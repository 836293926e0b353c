import { z } from 'zod';
import { startOpenAIServer } from '../packages/testing/src/index.ts';
import { read } from './api.ts';
import { expect, test } from './fixtures.ts';

const Draft = z.object({ draft: z.object({ nodes: z.array(z.object({ id: z.string(), config: z.record(z.string(), z.unknown()) })) }) });
const Chat = z.object({ status: z.string(), error: z.object({ nodeId: z.string().optional(), message: z.string() }).optional() });

test('a misconfigured model node says what to fix in the editor and in the trace, and the provider\'s models can be picked', async ({ page, request, browserErrors }, testInfo) => {
  test.setTimeout(60_000);
  const openai = await startOpenAIServer({ apiKey: 'sk-model-check', models: ['gpt-4o-mini', 'gpt-4.1-mini'] });
  try {
    const credential = await read(
      await request.post('/api/v1/credentials', { data: { name: `Local models ${String(Date.now())}`, type: 'openai', secret: { apiKey: 'sk-model-check' } } }),
      z.object({ id: z.string(), name: z.string() }),
    );
    const flow = {
      schemaVersion: 1,
      name: 'Model check',
      nodes: [
        { id: 'chat', type: 'trigger.chat', typeVersion: 1, config: {}, position: { x: 40, y: 120 } },
        { id: 'llm', type: 'model.chat', typeVersion: 1, config: { provider: 'custom', baseUrl: openai.url, model: 'gpt-nope', stream: false, retries: 0 }, position: { x: 320, y: 120 } },
        { id: 'reply', type: 'conversation.reply', typeVersion: 1, config: { text: '' }, position: { x: 600, y: 120 } },
      ],
      edges: [
        { id: 'e1', source: 'chat', sourcePort: 'text', target: 'llm', targetPort: 'in' },
        { id: 'e2', source: 'llm', sourcePort: 'text', target: 'reply', targetPort: 'in' },
      ],
    };
    const created = await read(await request.post('/api/v1/flows', { data: flow }), z.object({ id: z.string() }));

    // In the trace: the run fails on the node, saying which server, which model, and what to change.
    await request.post(`/api/v1/flows/${created.id}/publish`);
    const run = await read(await request.post(`/api/v1/flows/${created.id}/chat`, { data: { conversationId: 'check-1', text: 'Hi' } }), Chat);
    expect(run.status).toBe('failed');
    expect(run.error?.nodeId).toBe('llm');
    expect(run.error?.message).toContain(`${openai.url} (model "gpt-nope") rejected the API key`);

    // In the editor: the same words before anything runs, then the models once the key is chosen.
    await page.goto(`/flows/${created.id}`);
    await expect(page.getByRole('heading', { name: 'Model check' })).toBeVisible();
    await page.getByTestId('node-llm').click();
    const panel = page.getByRole('complementary', { name: 'Node settings' });
    const check = panel.getByRole('button', { name: 'Check provider and list models' });
    await check.click();
    await expect(panel.getByRole('alert')).toContainText('rejected the API key');
    await expect(panel.getByRole('alert')).toContainText('this node has no credential');
    await panel.getByLabel('Credential').selectOption({ label: credential.name });
    await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
    await check.click();
    await expect(panel.getByRole('status').filter({ hasText: 'does not offer' })).toContainText('The provider does not offer "gpt-nope"');
    await page.screenshot({ path: testInfo.outputPath('model-check.png') });
    await panel.getByRole('button', { name: 'gpt-4o-mini', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
    await expect.poll(async () => (await read(await request.get(`/api/v1/flows/${created.id}`), Draft)).draft.nodes.find((node) => node.id === 'llm')?.config.model).toBe('gpt-4o-mini');
    await check.click();
    await expect(panel.getByRole('status').filter({ hasText: 'Reached' })).toContainText('"gpt-4o-mini" among them');

    // A fallback on another provider picks its own stored credential, by name.
    await panel.getByText('Advanced', { exact: true }).click();
    const fallbacks = panel.getByRole('group', { name: 'Fallbacks' });
    await fallbacks.getByRole('button', { name: /^Add / }).click();
    await fallbacks.getByLabel(/^Model/).fill('claude-haiku-4-5');
    await fallbacks.getByLabel('Credential', { exact: true }).selectOption({ label: credential.name });
    await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
    await expect.poll(async () => (await read(await request.get(`/api/v1/flows/${created.id}`), Draft)).draft.nodes.find((node) => node.id === 'llm')?.config.fallbacks).toEqual([
      { provider: 'openai', model: 'claude-haiku-4-5', credentialId: credential.id },
    ]);
    await page.screenshot({ path: testInfo.outputPath('model-fallback.png') });
    expect(browserErrors).toEqual([]);
  } finally {
    await openai.close();
  }
});
