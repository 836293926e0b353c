// A voice message answered by voice: Telegram voice → speech to text → chat model → text to speech →
// a voice message back, every part through its real SDK against the local Telegram and OpenAI servers.
import { startOpenAIServer, startTelegramServer, type OpenAIServer, type TelegramServer } from '@switchboard/testing';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeningApi, type ListeningApi } from './test-api.ts';

const TOKEN = '7000000079:AAswitchboard-voice-test-0001';
let openai: OpenAIServer;
let telegram: TelegramServer;
let api: ListeningApi;

function voiceFlow() {
  const audio = { provider: 'custom', baseUrl: openai.url };
  return {
    schemaVersion: 1,
    name: 'Voice assistant',
    nodes: [
      { id: 'in', type: 'trigger.telegram', typeVersion: 1, config: {} },
      { id: 'hear', type: 'speech.transcribe', typeVersion: 1, config: { ...audio, language: 'en' } },
      { id: 'llm', type: 'model.chat', typeVersion: 1, config: { ...audio, model: 'test-model', prompt: '{{ nodes.hear.text }}', stream: false } },
      { id: 'say', type: 'speech.speak', typeVersion: 1, config: { ...audio, voice: 'nova' } },
      { id: 'typed', type: 'conversation.reply', typeVersion: 1, config: { text: 'Send me a voice message.' } },
    ],
    edges: [
      { id: 'e1', source: 'in', sourcePort: 'text', target: 'hear', targetPort: 'in' },
      { id: 'e2', source: 'hear', sourcePort: 'text', target: 'llm', targetPort: 'in' },
      { id: 'e3', source: 'llm', sourcePort: 'text', target: 'say', targetPort: 'in' },
      { id: 'e4', source: 'hear', sourcePort: 'none', target: 'typed', targetPort: 'in' },
    ],
  };
}

beforeAll(async () => {
  openai = await startOpenAIServer();
  telegram = await startTelegramServer({ token: TOKEN, botUsername: 'voice_bot' });
  api = await startListeningApi();
  await api.connectChannel({ type: 'telegram', name: 'Voice', flowId: await api.publish(voiceFlow()), secret: { botToken: TOKEN }, config: { mode: 'polling', apiRoot: telegram.url } });
}, 120_000);

afterAll(async () => {
  await api.close();
  await Promise.all([telegram.close(), openai.close()]);
});

describe('a voice message', () => {
  it('is answered with a voice message saying the model\'s answer to what was said', async () => {
    const client = new OpenAI({ apiKey: 'unused', baseURL: openai.url });
    // The user's voice note: audio the local speech endpoint made, so its transcription is known.
    const said = new Uint8Array(await (await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'What time is it in Paris?', response_format: 'opus' })).arrayBuffer());
    openai.reset();
    const ann = telegram.createUser({ firstName: 'Ann' });
    telegram.userSends({ chat: telegram.privateChat(ann), from: ann, voice: { bytes: said, mime: 'audio/ogg', duration: 2 } });
    const answer = await telegram.waitForSent((event) => event.kind === 'message' && event.chatId === ann.id && event.media !== undefined, 30_000);
    if (answer.kind !== 'message' || !answer.media) throw new Error('no voice answer');
    expect(answer.media.type).toBe('voice');
    expect(openai.requests.map((request) => request.path)).toEqual(['/v1/audio/transcriptions', '/v1/chat/completions', '/v1/audio/speech']);
    expect(openai.requests[1]?.body).toMatchObject({ messages: [{ role: 'user', content: 'What time is it in Paris?' }] });
    // The voice answer says the model's reply to the transcribed question.
    const heard = await client.audio.transcriptions.create({ model: 'whisper-1', file: await OpenAI.toFile(Buffer.from(answer.media.bytes), 'answer.ogg') });
    expect(heard.text).toBe('Echo: What time is it in Paris?');
  });

  it('gets a typed answer when it is not a voice message', async () => {
    const bob = telegram.createUser({ firstName: 'Bob' });
    telegram.userSends({ chat: telegram.privateChat(bob), from: bob, text: 'hello' });
    await telegram.waitForSent((event) => event.kind === 'message' && event.chatId === bob.id && event.text === 'Send me a voice message.', 30_000);
  });
});
