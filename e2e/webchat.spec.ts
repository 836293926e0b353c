import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { read } from './api.ts';
import { baseURL } from './env.ts';
import { expect, test } from './fixtures.ts';

const flow = {
  schemaVersion: 1,
  name: 'Web chat echo',
  nodes: [
    { id: 'web', type: 'trigger.webchat', typeVersion: 1, config: {} },
    { id: 'echo', type: 'conversation.reply', typeVersion: 1, config: { text: 'You said: **{{ message.text }}**' } },
  ],
  edges: [{ id: 'e1', source: 'web', sourcePort: 'text', target: 'echo', targetPort: 'in' }],
};

const Line = z.looseObject({ type: z.string(), replies: z.array(z.object({ text: z.string() })).optional() });

/** A page on another origin that embeds the widget with one script tag, as a customer's site would. */
async function hostPage(channelId: string): Promise<{ url: string; server: Server }> {
  const html = `<!doctype html><html><head><title>Shop</title></head><body><h1>Our shop</h1>
<script src="${baseURL}/widget.js" data-channel="${channelId}"></script></body></html>`;
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = z.custom<AddressInfo>((value) => typeof value === 'object' && value !== null && 'port' in value).parse(server.address());
  return { url: `http://127.0.0.1:${port}/`, server };
}

test('a web chat channel: the API streams the answer, the hosted page chats and keeps the history, the widget embeds it', async ({ page, request, browserErrors }, testInfo) => {
  const { id: flowId } = await read(await request.post('/api/v1/flows', { data: flow }), z.object({ id: z.string() }));
  await read(await request.post(`/api/v1/flows/${flowId}/publish`), z.object({ version: z.number() }));
  const channel = await read(
    await request.post('/api/v1/channels', { data: { type: 'webchat', name: 'Site chat', flowId, config: { title: 'Ask the echo', greeting: 'Hello! I repeat *everything*.' } } }),
    z.object({ id: z.string(), status: z.object({ state: z.string() }) }),
  );
  expect(channel.status.state).toBe('listening');

  // The API: node events, then the result with the reply, one JSON object per line.
  const answer = await request.post(`/api/v1/channels/${channel.id}/webchat/messages`, { data: { visitorId: 'api-visitor-1', text: 'ping', messageId: 'm1' } });
  expect(answer.headers()['content-type']).toContain('application/x-ndjson');
  const lines = (await answer.text()).trim().split('\n').map((line) => Line.parse(JSON.parse(line)));
  expect(lines.map((line) => line.type)).toContain('node.started');
  expect(lines.at(-1)).toMatchObject({ type: 'result', replies: [{ text: 'You said: **ping**' }] });

  // The hosted page: title, greeting, Enter sends, the answer rendered from Markdown (markup stays text).
  await page.goto(`/chat/${channel.id}`);
  await expect(page.getByRole('heading', { name: 'Ask the echo' })).toBeVisible();
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log.locator('.greeting em')).toHaveText('everything');
  const input = page.getByRole('textbox', { name: 'Message' });
  // Hold the first answer back a moment, so the "typing…" the page shows meanwhile can be seen.
  const messages = `**/api/v1/channels/${channel.id}/webchat/messages`;
  await page.route(messages, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 700));
    await route.continue();
  });
  await input.fill('hello from the page');
  await input.press('Enter');
  await expect(log.locator('.msg.user', { hasText: 'hello from the page' })).toBeVisible();
  await expect(log.locator('.msg.typing')).toHaveText('typing…');
  await expect(log.locator('.msg.typing')).toHaveCount(0);
  await page.unroute(messages);
  await expect(log.locator('.msg.bot strong', { hasText: 'hello from the page' })).toBeVisible();
  await input.fill('<b>not bold</b>');
  await input.press('Enter');
  await expect(log.locator('.msg.bot strong', { hasText: '<b>not bold</b>' })).toBeVisible();
  await expect(log.locator('.msg.bot b')).toHaveCount(0);
  await expect(input).toBeFocused();
  await page.screenshot({ path: testInfo.outputPath('webchat-page.png') });

  // A reload finds the conversation again: the visitor id is in localStorage, the messages on the server.
  await page.reload();
  await expect(log.locator('.msg.user')).toHaveText(['hello from the page', '<b>not bold</b>']);
  await expect(log.locator('.msg.bot')).toHaveCount(3); // the greeting and two answers

  // A phone.
  await page.setViewportSize({ width: 375, height: 700 });
  await input.fill('on a phone');
  await input.press('Enter');
  await expect(log.locator('.msg.bot strong', { hasText: 'on a phone' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send' })).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath('webchat-phone.png') });
  await page.setViewportSize({ width: 1280, height: 800 });

  // The widget on another site: a launcher in the corner opens the chat in an iframe.
  const site = await hostPage(channel.id);
  try {
    await page.goto(site.url);
    await page.getByRole('button', { name: 'Open the chat' }).click();
    const frame = page.frameLocator('iframe[title="Chat"]');
    await expect(frame.getByRole('heading', { name: 'Ask the echo' })).toBeVisible();
    const frameInput = frame.getByRole('textbox', { name: 'Message' });
    await frameInput.fill('from the widget');
    await frameInput.press('Enter');
    await expect(frame.locator('.msg.bot strong', { hasText: 'from the widget' })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('webchat-widget.png') });
    expect(browserErrors).toEqual([]);

    // The site itself may not call the API: its origin is not in the channel's allowedOrigins.
    const direct = await page.evaluate(async (url) => {
      try {
        await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ visitorId: 'site-visitor', text: 'hi', messageId: 'x1' }) });
        return 'answered';
      } catch {
        return 'refused';
      }
    }, `${baseURL}/api/v1/channels/${channel.id}/webchat/messages`);
    expect(direct).toBe('refused');
  } finally {
    await new Promise((resolve) => site.server.close(resolve));
  }

  // A chat that does not exist says so.
  await page.goto('/chat/00000000-0000-4000-8000-000000000000');
  await expect(page.locator('.chat-unavailable[role=alert]')).toContainText('no web chat channel 00000000-0000-4000-8000-000000000000');
});
