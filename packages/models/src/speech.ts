import { toFile } from 'openai';
import { explainError } from './errors.ts';
import { openAIClient } from './openai-client.ts';
import type { ProviderConfig, SpeechProvider } from './types.ts';

type Format = 'mp3' | 'opus' | 'wav';

function mimeTypeOf(format: Format): string {
  switch (format) {
    case 'mp3':
      return 'audio/mpeg';
    case 'opus':
      return 'audio/ogg';
    case 'wav':
      return 'audio/wav';
  }
}

/** Speech to text and back on an OpenAI-compatible server's audio endpoints. */
export function createSpeechProvider(config: ProviderConfig): SpeechProvider {
  const client = openAIClient(config);
  const explained = (model: string) => (error: unknown): never => {
    throw explainError(error, { provider: config, model });
  };
  return {
    transcribe: async ({ bytes, name, mimeType }, { model, language, signal }) => {
      const transcribed = async (): Promise<{ text: string }> => {
        const file = await toFile(bytes, name, mimeType === undefined ? undefined : { type: mimeType });
        const transcription = await client.audio.transcriptions.create({ file, model, ...(language === undefined ? {} : { language }) }, { signal });
        return { text: transcription.text };
      };
      return transcribed().catch(explained(model));
    },
    speak: async (text, { model, voice, format = 'mp3', signal }) => {
      const spoken = async (): Promise<{ bytes: Uint8Array; mimeType: string }> => {
        const response = await client.audio.speech.create({ model, voice, input: text, response_format: format }, { signal });
        return { bytes: new Uint8Array(await response.arrayBuffer()), mimeType: mimeTypeOf(format) };
      };
      return spoken().catch(explained(model));
    },
  };
}
