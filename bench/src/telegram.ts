// W3: a Telegram channel in webhook mode. main.ts connects the channel once (the local Telegram Bot API
// server answers getMe and records setWebhook); each load process then plays Telegram on the same port:
// it POSTs updates to the channel's webhook with the secret Switchboard registered, and a turn ends when
// its sendMessage reaches that process's own Telegram server (one clock for both ends).
import { startTelegramServer, type TelegramSentEvent } from '@switchboard/testing';
import type { LoadResult } from './drive.ts';

const TOKEN = '7000000003:AAswitchboard-bench-token-01';
/** A turn whose webhook call or sendMessage takes longer than this counts as an error (autocannon's default). */
const TIMEOUT_MS = 10_000;

/** Where the load process delivers updates, and where it must serve the Bot API. */
export interface TelegramTarget {
  url: string;
  telegram: { port: number; secret: string };
}

/** Creates a Telegram credential and a webhook-mode channel bound to `flowId` through the API. */
export async function connectTelegram(origin: string, flowId: string): Promise<TelegramTarget> {
  const telegram = await startTelegramServer({ token: TOKEN, botUsername: 'bench_bot' });
  try {
    const credentialId = await created(origin, '/api/v1/credentials', { name: 'Bench bot', type: 'telegram', secret: { botToken: TOKEN } });
    const response = await fetch(`${origin}/api/v1/channels`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench on Telegram', type: 'telegram', flowId, credentialId, config: { mode: 'webhook', apiRoot: telegram.url } }),
    });
    const channel: unknown = await response.json();
    const state = typeof channel === 'object' && channel !== null && 'status' in channel && typeof channel.status === 'object' && channel.status !== null && 'state' in channel.status ? channel.status.state : undefined;
    if (!response.ok || state !== 'listening') throw new Error(`the Telegram channel did not start: ${JSON.stringify(channel)}`);
    const setWebhook = telegram.calls.find((call) => call.method === 'setWebhook');
    const url = setWebhook?.params.url;
    const secret = setWebhook?.params.secret_token;
    if (typeof url !== 'string' || typeof secret !== 'string') throw new Error('the channel registered no webhook with a secret token');
    return { url, telegram: { port: Number(new URL(telegram.url).port), secret } };
  } finally {
    await telegram.close();
  }
}

async function created(origin: string, path: string, payload: unknown): Promise<string> {
  const response = await fetch(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  const body: unknown = await response.json();
  if (!response.ok || typeof body !== 'object' || body === null || !('id' in body) || typeof body.id !== 'string') throw new Error(`POST ${path} failed: ${JSON.stringify(body)}`);
  return body.id;
}

/**
 * Keeps `connections` updates in flight for `seconds`, each from the next idle one of `conversations`
 * private chats (so a chat never has two turns in flight and a sendMessage is matched by its chat), and
 * checks that each chat gets exactly "Echo: <its text>". A turn ends when its webhook call has answered
 * 2xx and its sendMessage has arrived; its latency is from the POST to the sendMessage.
 */
export async function driveTelegram(options: { url: string; port: number; secret: string; connections: number; seconds: number; conversations: number }): Promise<LoadResult> {
  const telegram = await startTelegramServer({ port: options.port, token: TOKEN, botUsername: 'bench_bot' });
  const chats = Array.from({ length: options.conversations }, (_, index) => telegram.privateChat(telegram.createUser({ firstName: `User ${String(index)}` })));
  const idle = chats.map((_, index) => index);
  /** The chats with a turn in flight, each with what to do with the message the bot sends it. */
  const waiting = new Map<number, (event: TelegramSentEvent & { kind: 'message' }) => void>();
  /** Chats whose turn timed out: they are not used again, and a late answer to them is not held against them twice. */
  const retired = new Set<number>();
  const latencies: number[] = [];
  const wrongSamples: string[] = [];
  let wrong = 0;
  let errors = 0;
  let timeouts = 0;
  let non2xx = 0;
  const noteWrong = (sample: string): void => {
    wrong += 1;
    if (wrongSamples.length < 3) wrongSamples.push(sample);
  };
  // One listener for every sendMessage (waitForSent's predicate sees each new event); it never matches.
  void telegram.waitForSent((event) => {
    if (event.kind !== 'message') return false;
    const turn = waiting.get(event.chatId);
    if (turn) turn(event);
    else if (!retired.has(event.chatId)) noteWrong(`(nothing asked) → ${event.method} ${String(event.chatId)} ${JSON.stringify(event.text)}`);
    return false;
  }, (options.seconds + 60) * 1000).catch(() => undefined);

  // Update and message ids must be new to the server in every run (it drops redeliveries): start from the clock.
  let nextId = Date.now() * 100;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;

  async function turn(index: number, chatId: number, user: { id: number; first_name: string }): Promise<void> {
    nextId += 1;
    const text = `message number ${String(nextId)}`;
    const update = { update_id: nextId, message: { message_id: nextId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private', first_name: user.first_name }, from: { id: user.id, is_bot: false, first_name: user.first_name }, text } };
    const expected = `Echo: ${text}`;
    let timer: NodeJS.Timeout | undefined;
    const answered = new Promise<number | undefined>((resolve) => {
      timer = setTimeout(() => {
        resolve(undefined);
      }, TIMEOUT_MS);
      waiting.set(chatId, (event) => {
        clearTimeout(timer);
        if (event.method !== 'sendMessage' || event.text !== expected) noteWrong(`${expected} → ${event.method} ${JSON.stringify(event.text)}`);
        resolve(performance.now());
      });
    });
    const sentAt = performance.now();
    const delivered = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': options.secret },
      body: JSON.stringify(update),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    }).then(
      async (response) => {
        await response.arrayBuffer();
        return response.ok ? 'ok' : 'non2xx';
      },
      (error: unknown) => (error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'failed'),
    );
    if (delivered !== 'ok') {
      // No answer is owed for an update Switchboard refused or never got; one it may still run (a
      // timeout) is not waited for, and its chat is not used again.
      waiting.delete(chatId);
      clearTimeout(timer);
      errors += 1;
      if (delivered === 'non2xx') non2xx += 1;
      if (delivered === 'timeout') {
        timeouts += 1;
        retired.add(chatId);
      } else {
        idle.push(index);
      }
      return;
    }
    const at = await answered;
    waiting.delete(chatId);
    if (at === undefined) {
      errors += 1;
      timeouts += 1;
      retired.add(chatId);
      return;
    }
    latencies.push(at - sentAt);
    idle.push(index);
  }

  async function connection(): Promise<void> {
    while (performance.now() < deadline) {
      const index = idle.shift();
      const chat = index === undefined ? undefined : chats[index];
      if (index === undefined || chat === undefined) throw new Error(`every chat is busy or timed out: use more than ${String(options.conversations)} conversations`);
      await turn(index, chat.id, chat);
    }
  }

  await Promise.all(Array.from({ length: options.connections }, () => connection()));
  const elapsedSeconds = (performance.now() - started) / 1000;
  await telegram.close();
  latencies.sort((a, b) => a - b);
  const at = (share: number): number => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))] ?? 0);
  return {
    requests: latencies.length,
    requestsPerSecond: latencies.length / elapsedSeconds,
    latency: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: Math.round(latencies.at(-1) ?? 0) },
    errors,
    non2xx,
    timeouts,
    wrong,
    wrongSamples,
  };
}
