import OpenAI, { BadRequestError, RateLimitError, toFile } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAIServer } from './server.ts';
import type { OpenAIServer } from './types.ts';

const apiKey = 'sk-test';
let server: OpenAIServer;
let client: OpenAI;
beforeAll(async () => {
  server = await startOpenAIServer({ apiKey });
  client = new OpenAI({ baseURL: server.url, apiKey, maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

async function speak(input: string, format?: 'mp3' | 'opus' | 'wav'): Promise<{ bytes: Uint8Array; type: string | null }> {
  const response = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input, ...(format ? { response_format: format } : {}) });
  return { bytes: new Uint8Array(await response.arrayBuffer()), type: response.headers.get('content-type') };
}

describe('speech', () => {
  it('answers mp3 by default, and opus and wav when asked', async () => {
    const mp3 = await speak('Hallo Welt');
    expect(mp3.type).toBe('audio/mpeg');
    expect(Buffer.from(mp3.bytes.subarray(0, 3)).toString('latin1')).toBe('ID3');
    const opus = await speak('Hallo Welt', 'opus');
    expect(opus.type).toBe('audio/ogg');
    expect(Buffer.from(opus.bytes.subarray(0, 4)).toString('latin1')).toBe('OggS');
    const wav = await speak('Hallo Welt', 'wav');
    expect(wav.type).toBe('audio/wav');
    const header = Buffer.from(wav.bytes);
    expect(header.toString('latin1', 0, 4)).toBe('RIFF');
    expect(header.readUInt32LE(4)).toBe(wav.bytes.length - 8);
    expect(header.readUInt32LE(40)).toBe(wav.bytes.length - 44);
  });

  it('records the request', async () => {
    await speak('hi');
    expect(server.requests).toMatchObject([{ method: 'POST', path: '/v1/audio/speech', body: { model: 'tts-1', voice: 'alloy', input: 'hi' } }]);
  });

  it('refuses a request without input or voice', async () => {
    const post = (body: object): Promise<Response> =>
      fetch(`${server.url}/audio/speech`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const noInput = await post({ model: 'tts-1', voice: 'alloy' });
    expect(noInput.status).toBe(400);
    expect(await noInput.json()).toMatchObject({ error: { message: "Missing required parameter: 'input'.", param: 'input', code: 'missing_required_parameter' } });
    const noVoice = await post({ model: 'tts-1', input: 'hi' });
    expect(noVoice.status).toBe(400);
    expect(await noVoice.json()).toMatchObject({ error: { message: "Missing required parameter: 'voice'.", param: 'voice' } });
  });

  it('answers an out-of-range speed with BadRequestError', async () => {
    const error = await rejectionOf(client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'hi', speed: 9 }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, param: 'speed' });
  });
});

describe('transcriptions', () => {
  it('transcribes speech it made back to the same text, in every response format', async () => {
    const text = 'Grüß Gott, wie geht es?';
    const { bytes } = await speak(text);
    const file = async (): Promise<File> => toFile(bytes, 'reply.mp3');
    const json = await client.audio.transcriptions.create({ file: await file(), model: 'whisper-1' });
    expect(json.text).toBe(text);
    const plain = await client.audio.transcriptions.create({ file: await file(), model: 'whisper-1', response_format: 'text' });
    expect(plain).toBe(`${text}\n`);
    const verbose = await client.audio.transcriptions.create({ file: await file(), model: 'whisper-1', response_format: 'verbose_json', language: 'de' });
    expect(verbose).toMatchObject({ text, language: 'de', duration: 2.5, segments: [{ text }] });
  });

  it('records the text fields and the file', async () => {
    await client.audio.transcriptions.create({ file: await toFile(Buffer.from('abc'), 'note.ogg', { type: 'audio/ogg' }), model: 'whisper-1', language: 'en' });
    expect(server.requests).toMatchObject([
      { path: '/v1/audio/transcriptions', body: { model: 'whisper-1', language: 'en', file: { name: 'note.ogg', size: 3, type: 'audio/ogg' } } },
    ]);
  });

  it('answers foreign audio with the scripted transcript, else with its size', async () => {
    server.enqueue({ transcript: 'scripted words' });
    const audio = async (): Promise<File> => toFile(Buffer.alloc(1234), 'voice.ogg');
    expect((await client.audio.transcriptions.create({ file: await audio(), model: 'whisper-1' })).text).toBe('scripted words');
    expect((await client.audio.transcriptions.create({ file: await audio(), model: 'whisper-1' })).text).toBe('(audio of 1234 bytes)');
  });

  it('answers a scripted status with its headers', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '3' } });
    const error = await rejectionOf(client.audio.transcriptions.create({ file: await toFile(Buffer.alloc(4), 'a.wav'), model: 'whisper-1' }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error instanceof RateLimitError ? error.headers.get('retry-after') : undefined).toBe('3');
  });

  it('refuses a missing file or model, an unknown file type and a JSON body', async () => {
    const post = (form: FormData): Promise<Response> =>
      fetch(`${server.url}/audio/transcriptions`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` }, body: form });
    const noFile = new FormData();
    noFile.set('model', 'whisper-1');
    expect(await (await post(noFile)).json()).toMatchObject({ error: { message: "Missing required parameter: 'file'.", param: 'file' } });
    const noModel = new FormData();
    noModel.set('file', new Blob([new Uint8Array(4)]), 'a.mp3');
    expect(await (await post(noModel)).json()).toMatchObject({ error: { message: "Missing required parameter: 'model'.", param: 'model' } });

    const wrongType = await rejectionOf(client.audio.transcriptions.create({ file: await toFile(Buffer.alloc(4), 'notes.txt'), model: 'whisper-1' }));
    expect(wrongType).toBeInstanceOf(BadRequestError);
    expect(wrongType instanceof BadRequestError ? wrongType.message : '').toContain('Invalid file format.');

    const json = await fetch(`${server.url}/audio/transcriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'whisper-1' }),
    });
    expect(json.status).toBe(400);
  });
});
