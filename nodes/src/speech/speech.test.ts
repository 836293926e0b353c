import { PermanentNodeError } from '@switchboard/flow-schema';
import { startOpenAIServer, type OpenAIServer } from '@switchboard/testing';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runNode } from '../testing/harness.ts';
import { speakNode } from './speak/run.ts';
import { transcribeNode } from './transcribe/run.ts';

let server: OpenAIServer;
const credential = { apiKey: 'sk-test' };

beforeAll(async () => {
  server = await startOpenAIServer({ apiKey: 'sk-test' });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
});

/** Audio of `text` as the local server's speech endpoint makes it (its transcription gives the text back). */
async function spoken(text: string): Promise<Uint8Array> {
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: server.url });
  const response = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: text, response_format: 'opus' });
  return new Uint8Array(await response.arrayBuffer());
}

const voicePayload = { message: { attachments: [{ kind: 'voice', ref: 'voice-file-1', mimeType: 'audio/ogg', name: 'voice.ogg' }] } };

describe('speech.transcribe', () => {
  it('downloads the voice message through its channel and transcribes it', async () => {
    const bytes = await spoken('What is the weather like?');
    const downloaded: string[] = [];
    const run = await runNode(transcribeNode, {
      config: { provider: 'custom', baseUrl: server.url, language: 'en' },
      credential,
      event: { payload: voicePayload },
      services: {
        download: (attachment) => {
          downloaded.push(attachment.ref);
          return Promise.resolve({ bytes, mimeType: 'audio/ogg' });
        },
      },
    });
    expect(downloaded).toEqual(['voice-file-1']);
    expect(run.outputs).toEqual({ text: 'What is the weather like?' });
    expect(server.requests.at(-1)).toMatchObject({ path: '/v1/audio/transcriptions', body: { model: 'whisper-1', language: 'en', file: { name: 'voice.ogg' } } });
  });

  it('passes a message without audio on through its none port', async () => {
    const run = await runNode(transcribeNode, { config: { provider: 'custom', baseUrl: server.url }, credential, event: { text: 'typed', payload: { message: { attachments: [] } } } });
    expect(run.outputs).toEqual({ none: 'typed' });
    expect(server.requests).toEqual([]);
  });

  it('explains a refused key without retrying it', async () => {
    const run = runNode(transcribeNode, {
      config: { provider: 'custom', baseUrl: server.url },
      credential: { apiKey: 'sk-wrong' },
      event: { payload: voicePayload },
      services: { download: () => Promise.resolve({ bytes: new Uint8Array([1, 2, 3]) }) },
    });
    await expect(run).rejects.toThrow(/rejected the API key/);
    await expect(run).rejects.toBeInstanceOf(PermanentNodeError);
  });
});

describe('speech.speak', () => {
  it('reads the input aloud and answers with it as a voice message', async () => {
    const run = await runNode(speakNode, { config: { provider: 'custom', baseUrl: server.url, voice: 'nova' }, credential, inputs: { in: 'Sunny, 24 degrees.' } });
    expect(server.requests.at(-1)).toMatchObject({ path: '/v1/audio/speech', body: { model: 'gpt-4o-mini-tts', voice: 'nova', input: 'Sunny, 24 degrees.', response_format: 'opus' } });
    expect(run.outputs?.audio).toMatchObject({ kind: 'voice', mimeType: 'audio/ogg', name: 'answer.ogg' });
    expect(run.replies).toHaveLength(1);
    expect(run.replies[0]?.text).toBe('Sunny, 24 degrees.');
    expect(run.replies[0]?.data).toEqual({ attachments: [run.outputs?.audio] });
    // What was sent is real audio from the endpoint: transcribing it gives the text back.
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: server.url });
    const base64 = typeof run.outputs?.audio === 'object' && run.outputs.audio !== null && 'base64' in run.outputs.audio ? String(run.outputs.audio.base64) : '';
    const heard = await client.audio.transcriptions.create({ model: 'whisper-1', file: await OpenAI.toFile(Buffer.from(base64, 'base64'), 'answer.ogg') });
    expect(heard.text).toBe('Sunny, 24 degrees.');
  });

  it('says what to do when there is nothing to say', async () => {
    await expect(runNode(speakNode, { config: { provider: 'custom', baseUrl: server.url }, credential })).rejects.toThrow('nothing to say');
  });
});
