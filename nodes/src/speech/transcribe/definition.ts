import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';
import { openaiCredential } from '../../shared/credentials.ts';
import { hint } from '../../shared/ui.ts';
import { speechTargetFields } from '../shared.ts';

export const transcribeDefinition = defineNode({
  type: 'speech.transcribe',
  version: 1,
  kind: 'model',
  title: 'Speech to text',
  description: 'Turns the voice message or audio file of the incoming message into text (OpenAI-compatible /audio/transcriptions).',
  category: 'Models',
  icon: 'mic',
  inputs: { in: { type: 'any', description: 'Only orders this node after another.' } },
  outputs: {
    text: { type: 'text', description: 'What was said.' },
    none: { type: 'any', description: 'Fires instead when the message has no voice or audio: its text, passed on.' },
  },
  config: z.object({
    ...speechTargetFields,
    model: z.string().trim().min(1).default('whisper-1').meta(hint('The speech-to-text model, e.g. whisper-1 or gpt-4o-mini-transcribe.', { widget: 'text' })),
    language: z
      .string()
      .regex(/^[a-z]{2}$/, 'an ISO-639-1 code such as "en" or "zh"')
      .optional()
      .meta(hint('The language spoken, when known (improves accuracy); empty detects it.', { widget: 'text' })),
  }),
  credential: { type: openaiCredential.type, optional: true },
  checkpoint: true,
  defaults: { retries: 2, retryBackoffMs: 1000, timeoutMs: 120_000 },
});
