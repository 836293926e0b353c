import { startOpenAIServer, type OpenAIServer } from '@switchboard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSpeechProvider } from './speech.ts';
import { ModelError, type ProviderConfig } from './types.ts';

let server: OpenAIServer;
let config: ProviderConfig;

beforeAll(async () => {
  server = await startOpenAIServer({ apiKey: 'sk-test', models: ['tts-1', 'whisper-1'] });
  config = { id: 'openai', kind: 'openai', baseUrl: server.url, apiKey: 'sk-test' };
});

beforeEach(() => {
  server.reset();
});

afterAll(async () => {
  await server.close();
});

describe('the speech provider', () => {
  it('speaks a text and transcribes it back', async () => {
    const speech = createSpeechProvider(config);
    const spoken = await speech.speak('Hello from Switchboard', { model: 'tts-1', voice: 'alloy' });
    expect(spoken.mimeType).toBe('audio/mpeg');
    expect(spoken.bytes.length).toBeGreaterThan(0);
    expect(server.requests[0]?.body).toEqual({ model: 'tts-1', voice: 'alloy', input: 'Hello from Switchboard', response_format: 'mp3' });

    const heard = await speech.transcribe({ bytes: spoken.bytes, name: 'voice.mp3', mimeType: spoken.mimeType }, { model: 'whisper-1', language: 'en' });
    expect(heard).toEqual({ text: 'Hello from Switchboard' });
    expect(server.requests[1]?.path).toBe('/v1/audio/transcriptions');
  });

  it('names the mime type of each format', async () => {
    const speech = createSpeechProvider(config);
    const types = await Promise.all((['mp3', 'opus', 'wav'] as const).map(async (format) => (await speech.speak('Hi', { model: 'tts-1', voice: 'alloy', format })).mimeType));
    expect(types).toEqual(['audio/mpeg', 'audio/ogg', 'audio/wav']);
  });

  it('explains its errors like the chat providers', async () => {
    const speech = createSpeechProvider({ ...config, apiKey: 'sk-wrong' });
    const rejected = await speech.speak('Hi', { model: 'tts-1', voice: 'alloy' }).catch((error: unknown) => error);
    expect(rejected).toBeInstanceOf(ModelError);
    expect(rejected).toHaveProperty('message', `${server.url} (model "tts-1") rejected the API key (401: Incorrect API key provided.): check the API key of the node's credential`);

    const unknown = await createSpeechProvider(config)
      .transcribe({ bytes: new Uint8Array([1, 2, 3]), name: 'voice.ogg' }, { model: 'whisper-9' })
      .catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(ModelError);
    expect(unknown).toMatchObject({ kind: 'not_found', retryable: false });
  });
});
