// The channels page against a real Telegram Bot API stand-in: this test process runs the local server,
// the app (another process) polls it, and a Telegram user's message is answered by the bound flow.
import { z } from 'zod';
import { startTelegramServer, type TelegramSentEvent } from '../packages/testing/src/index.ts';
import { read } from './api.ts';
import { baseURL } from './env.ts';
import { expect, test } from './fixtures.ts';

const TOKEN = '7000000205:AAswitchboard-e2e-channels-01';
const BOT = 'switchboard_e2e_bot';

const echoFlow = (name: string) => ({
  schemaVersion: 1,
  name,
  nodes: [
    { id: 'tg', type: 'trigger.telegram', typeVersion: 1, config: {}, position: { x: 40, y: 120 } },
    { id: 'echo', type: 'conversation.reply', typeVersion: 1, config: { text: 'You said: {{ message.text }}' }, position: { x: 320, y: 120 } },
  ],
  edges: [{ id: 'e1', source: 'tg', sourcePort: 'text', target: 'echo', targetPort: 'in' }],
});

const Channels = z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) });

function sentText(event: TelegramSentEvent): string | undefined {
  return event.kind === 'message' ? event.text : undefined;
}

test('a Telegram channel is created with its credential inline, answers, shows its connection and is deleted', async ({ page, request, browserErrors }, testInfo) => {
  test.setTimeout(120_000); // a polling connection is lost and comes back on its own backoff
  const telegram = await startTelegramServer({ token: TOKEN, botUsername: BOT });
  try {
    const stamp = String(Date.now());
    const flowName = `Telegram echo ${stamp}`;
    const name = `Echo bot ${stamp}`;
    const credentialName = `Echo token ${stamp}`;
    const flow = await read(await request.post('/api/v1/flows', { data: echoFlow(flowName) }), z.object({ id: z.string() }));
    await expect(await request.post(`/api/v1/flows/${flow.id}/publish`)).toBeOK();

    // The page, from the main navigation.
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Channels' }).click();
    await expect(page.getByRole('heading', { name: 'Channels', level: 1 })).toBeVisible();
    await expect(page.getByText('Loading channels…')).toBeHidden();
    if ((await read(await request.get('/api/v1/channels'), Channels)).items.length === 0) {
      await expect(page.getByText(/^No channels yet\./)).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath('channels-empty.png') });
    }

    // New channel: Telegram, bound to the flow, polling the local server, with a credential made on the spot.
    await page.getByRole('button', { name: 'New channel' }).click();
    const form = page.getByRole('region', { name: 'New channel' });
    await expect(form.getByLabel('Platform')).toHaveValue('telegram');
    // Another platform brings its own credential type and settings, and back.
    await form.getByLabel('Platform').selectOption('slack');
    await expect(form.getByRole('radio', { name: /^Socket Mode/ })).toBeChecked();
    await expect(form.getByLabel('Credential', { exact: true })).toHaveCount(1);
    await form.getByLabel('Platform').selectOption('telegram');
    await expect(form.getByLabel('Credential', { exact: true })).toHaveCount(1);
    await form.getByLabel('Channel name').fill(name);
    await form.getByLabel('Flow').selectOption({ label: flowName });
    await expect(form.getByRole('radio', { name: /^Polling/ })).toBeChecked();
    await form.getByText('Advanced').click();
    const apiRoot = form.getByLabel('Bot API server');
    await expect(apiRoot).toHaveValue('https://api.telegram.org');
    await apiRoot.fill(telegram.url);
    await form.getByRole('button', { name: 'New credential…' }).click();
    const inline = form.getByRole('form', { name: 'New credential' });
    await inline.getByLabel('Name').fill(credentialName);
    const token = inline.getByLabel('Bot token');
    await expect(token).toHaveAttribute('type', 'password');
    await token.fill(TOKEN);
    await page.screenshot({ path: testInfo.outputPath('channels-inline-credential.png') });
    await inline.getByRole('button', { name: 'Save credential' }).click();
    await expect(inline).toBeHidden();
    await expect(form.getByLabel('Credential').locator('option:checked')).toHaveText(credentialName);
    await page.screenshot({ path: testInfo.outputPath('channels-new.png') });
    await form.getByRole('button', { name: 'Create channel' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Created' })).toHaveText(`Created “${name}”.`);
    await expect(form).toBeHidden();

    // Its row: the flow it is bound to, then connected as the bot once the first poll answered.
    const table = page.getByRole('table', { name: 'Channels' });
    const row = table.getByRole('row').filter({ hasText: name });
    const state = row.getByTestId('channel-state');
    const cell = (column: number) => row.getByRole('cell').nth(column);
    await expect(row.getByRole('link', { name: flowName })).toHaveAttribute('href', `/flows/${flow.id}`);
    await expect(state).toHaveText('connected', { timeout: 15_000 });
    await expect(row).toContainText(`@${BOT}`);
    await expect(cell(4)).toHaveText('none yet');
    await expect(cell(5)).toHaveText('none');
    const { id } = (await read(await request.get('/api/v1/channels'), Channels)).items.find((entry) => entry.name === name) ?? { id: 'missing' };

    await row.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByRole('row', { name: `${name} details` }).getByRole('status')).toHaveText(`Connected as @${BOT}`);

    // A Telegram user writes; the flow answers through the channel, and the page shows the event.
    const ann = telegram.createUser({ firstName: 'Ann' });
    telegram.userSends({ chat: telegram.privateChat(ann), from: ann, text: 'hello from the browser test' });
    const reply = await telegram.waitForSent((event) => sentText(event) === 'You said: hello from the browser test', 15_000);
    expect(reply.kind === 'message' && reply.chatId).toBe(ann.id);
    await expect(cell(4)).toHaveText('just now');
    await expect(cell(4).locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
    await page.screenshot({ path: testInfo.outputPath('channels-connected.png') });

    // Telegram goes away: the status says so within a refresh or two, with the reason; it comes back by itself.
    await telegram.stop();
    await expect(state).toHaveText('disconnected', { timeout: 15_000 });
    await expect(cell(5).locator('.error')).not.toBeEmpty();
    await page.screenshot({ path: testInfo.outputPath('channels-disconnected.png') });
    await telegram.start();
    await expect(state).toHaveText('connected', { timeout: 30_000 });
    await expect(cell(5).locator('.muted').first()).not.toBeEmpty(); // the outage stays visible, no longer in red

    // Edit: a webhook needs a public address this test server lacks; the error and the URL to give Telegram show.
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('region', { name: `Edit ${name}` });
    await expect(edit.getByLabel('Channel name')).toHaveValue(name);
    await expect(edit.getByLabel('Bot API server')).toHaveValue(telegram.url);
    await edit.getByRole('radio', { name: /^Webhook/ }).check();
    const webhookUrl = `${baseURL}/api/v1/channels/${id}/webhook`;
    await expect(edit.getByLabel('Webhook URL')).toHaveValue(webhookUrl);
    await edit.getByLabel('Channel name').fill(`${name} (webhook)`);
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toHaveText(`Saved “${name} (webhook)”.`);
    const renamed = table.getByRole('row').filter({ hasText: `${name} (webhook)` });
    await expect(renamed.getByTestId('channel-state')).toHaveText('error');
    await expect(renamed).toContainText('SWITCHBOARD_PUBLIC_URL');
    const details = page.getByRole('row', { name: `${name} (webhook) details` });
    await expect(details.getByLabel('Webhook URL')).toHaveValue(webhookUrl);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    await details.getByRole('button', { name: 'Copy' }).click();
    await expect(details.getByText('Copied')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(webhookUrl);
    await page.screenshot({ path: testInfo.outputPath('channels-webhook.png') });

    // A wrong API answer is shown next to the form: back to polling, but with an address that is no URL.
    await renamed.getByRole('button', { name: 'Edit' }).click();
    const back = page.getByRole('region', { name: `Edit ${name} (webhook)` });
    await back.getByRole('radio', { name: /^Polling/ }).check();
    await back.getByLabel('Bot API server').fill('ftp://telegram.local'); // a URL to the browser, not to the server
    await back.getByRole('button', { name: 'Save changes' }).click();
    await expect(back.getByRole('alert')).toContainText('Could not save the channel: config.apiRoot');
    await back.getByLabel('Bot API server').fill(telegram.url);
    await back.getByRole('button', { name: 'Save changes' }).click();
    await expect(back).toBeHidden();
    await expect(renamed.getByTestId('channel-state')).toHaveText('connected', { timeout: 15_000 });

    // Delete, after a confirmation that names it.
    await renamed.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete channel' });
    await expect(dialog).toContainText(`${name} (webhook)`);
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Deleted' })).toHaveText(`Deleted “${name} (webhook)”.`);
    await expect(renamed).toHaveCount(0);
    expect((await request.get(`/api/v1/channels/${id}`)).status()).toBe(404);
    // The one failed request is the refused save above, which the browser logs.
    expect(browserErrors.filter((error) => !error.includes(`status of 400 (Bad Request) (${baseURL}/api/v1/channels/${id})`))).toEqual([]);
  } finally {
    await telegram.close();
  }
});
