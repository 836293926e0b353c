import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';
import { openaiCredential } from '../../shared/credentials.ts';
import { text } from '../../shared/fields.ts';
import { hint } from '../../shared/ui.ts';
import { speechTargetFields } from '../shared.ts';

export const speakDefinition = defineNode({
  type: 'speech.speak',
  version: 1,
  kind: 'model',
  title: 'Text to speech',
  description: 'Reads text aloud (OpenAI-compatible /audio/speech) and answers with it as a voice message.',
  category: 'Models',
  icon: 'volume-2',
  inputs: { in: { type: 'any', description: 'Read aloud when `text` is empty.' } },
  outputs: { audio: { type: 'any', description: 'The audio as an attachment: { kind, base64, mimeType, name }.' } },
  config: z.object({
    ...speechTargetFields,
    model: z.string().trim().min(1).default('gpt-4o-mini-tts').meta(hint('The text-to-speech model, e.g. gpt-4o-mini-tts or tts-1.', { widget: 'text' })),
    voice: z.string().trim().min(1).default('alloy').meta(hint('The voice, e.g. alloy, nova or verse.', { widget: 'text' })),
    text: text('What to say; empty reads the input.', { widget: 'textarea' }).default(''),
    format: z.enum(['opus', 'mp3', 'wav']).default('opus').meta(hint('Opus is what Telegram plays as a voice message.', { widget: 'select', advanced: true })),
    reply: z.boolean().default(true).meta(hint('Send the audio to the conversation as a voice message (with the text as its caption when the channel cannot play it).', { widget: 'switch' })),
  }),
  credential: { type: openaiCredential.type, optional: true },
  checkpoint: true,
  defaults: { retries: 2, retryBackoffMs: 1000, timeoutMs: 120_000 },
});
