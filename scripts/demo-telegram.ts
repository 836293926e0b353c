// Watch a Telegram conversation without a Telegram account. Starts a local Telegram Bot API server
// (packages/testing), creates the "Telegram demo" flow from its template in a running Switchboard,
// binds it to the local bot with a polling channel, and lets you write as a Telegram user.
//
//   npm start                     # in one terminal (or any running Switchboard)
//   npm run demo:telegram         # in another; --server http://127.0.0.1:3000, --script to play a short conversation
//
// Type a line to send it to the bot in a private chat; "/group <text>" says it in a group (mention the
// bot with @switchboard_demo_bot to wake it); "/press <n>" presses button n under the bot's last message.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { startTelegramServer, type TelegramSentEvent } from '@switchboard/testing';

const { values } = parseArgs({ options: { server: { type: 'string', default: 'http://127.0.0.1:3000' }, script: { type: 'boolean', default: false } } });
const server = values.server.replace(/\/+$/, '');
const TOKEN = '7000001234:AAswitchboard-demo-token-0000';

async function api(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(`${server}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
  } catch {
    throw new Error(`no Switchboard answers at ${server}: start one with "npm start", or pass --server <url>`);
  }
  const text = await response.text();
  const parsed: unknown = text === '' ? {} : JSON.parse(text);
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return typeof parsed === 'object' && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {};
}

function idOf(value: Record<string, unknown>): string {
  if (typeof value.id !== 'string') throw new Error(`expected an id in ${JSON.stringify(value)}`);
  return value.id;
}

const telegram = await startTelegramServer({ token: TOKEN, botUsername: 'switchboard_demo_bot', botName: 'Switchboard demo' });
const flowId = idOf(await api('POST', '/api/v1/templates/telegram-demo/flows'));
await api('POST', `/api/v1/flows/${flowId}/publish`);
const credentialId = idOf(await api('POST', '/api/v1/credentials', { name: 'Demo bot (local)', type: 'telegram', secret: { botToken: TOKEN } }));
const channelId = idOf(
  await api('POST', '/api/v1/channels', { name: 'Telegram demo (local server)', type: 'telegram', flowId, credentialId, config: { mode: 'polling', apiRoot: telegram.url } }),
);

const ann = telegram.createUser({ firstName: 'Ann', username: 'ann' });
const bob = telegram.createUser({ firstName: 'Bob' });
const dm = telegram.privateChat(ann);
const group = telegram.createGroup({ title: 'Demo group', members: [ann, bob], type: 'supergroup' });

let shown = 0;
let lastWithButtons: Extract<TelegramSentEvent, { kind: 'message' }> | undefined;
const buttonsOf = (markup: unknown): string[] => {
  if (typeof markup !== 'object' || markup === null || !('inline_keyboard' in markup) || !Array.isArray(markup.inline_keyboard)) return [];
  return markup.inline_keyboard.flat().flatMap((button: unknown) => (typeof button === 'object' && button !== null && 'text' in button && typeof button.text === 'string' ? [button.text] : []));
};
const printer = setInterval(() => {
  for (const event of telegram.sent.slice(shown)) {
    if (event.kind !== 'message') continue;
    const where = event.chatId === group.id ? 'in Demo group' : 'to Ann';
    const buttons = buttonsOf(event.replyMarkup);
    if (buttons.length > 0) lastWithButtons = event;
    console.log(`  bot ${where}: ${event.message.text ?? event.message.caption ?? '(a file)'}${buttons.length > 0 ? `  [${buttons.map((label, i) => `${i + 1}: ${label}`).join('] [')}]` : ''}`);
  }
  shown = telegram.sent.length;
}, 100);

function say(line: string): void {
  if (line.startsWith('/press ')) {
    const index = Number(line.slice(7)) - 1;
    const data = lastWithButtons ? buttonValue(lastWithButtons.replyMarkup, index) : undefined;
    if (!lastWithButtons || data === undefined) {
      console.log('  (no such button)');
      return;
    }
    telegram.pressButton({ from: ann, message: lastWithButtons.message, data });
    return;
  }
  if (line.startsWith('/group ')) telegram.userSends({ chat: group, from: ann, text: line.slice(7) });
  else telegram.userSends({ chat: dm, from: ann, text: line });
}

function buttonValue(markup: unknown, index: number): string | undefined {
  if (typeof markup !== 'object' || markup === null || !('inline_keyboard' in markup) || !Array.isArray(markup.inline_keyboard)) return undefined;
  const button: unknown = markup.inline_keyboard.flat()[index];
  return typeof button === 'object' && button !== null && 'callback_data' in button && typeof button.callback_data === 'string' ? button.callback_data : undefined;
}

async function stop(): Promise<void> {
  clearInterval(printer);
  await api('DELETE', `/api/v1/channels/${channelId}`).catch(() => undefined);
  await telegram.close();
}

console.log(`Local Telegram Bot API at ${telegram.url}; the flow "Telegram demo" is bound to it.`);
console.log(`Watch the runs at ${server}/conversations, the channel at ${server}/channels, the flow at ${server}/flows/${flowId}.`);

if (values.script) {
  for (const line of ['/start', 'hello there', '/help', '/press 2', '/group nobody asked me', '/group @switchboard_demo_bot are you here?']) {
    console.log(`Ann: ${line}`);
    say(line);
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
  await stop();
} else {
  console.log('Write as Ann (Ctrl+D to stop): a line goes to the bot privately; /group <text> says it in a group; /press <n> presses a button.');
  const input = createInterface({ input: process.stdin, output: process.stdout });
  for await (const line of input) if (line.trim() !== '') say(line.trim());
  await stop();
}
