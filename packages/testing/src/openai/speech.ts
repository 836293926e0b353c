import { z } from 'zod';
import { contentTypeOf, encodeSpeech, speechFormats } from './audio-bytes.ts';
import type { ChatContext } from './chat.ts';
import { modelNotFound } from './errors.ts';
import type { Reply } from '../reply.ts';
import { scriptedFailure, timingOf } from './script.ts';
import { validate } from './validate.ts';

const speechRequestSchema = z.looseObject({
  model: z.string(),
  input: z.string().max(4096),
  // A built-in voice name or `{ id }` of a custom voice.
  voice: z.union([z.string().min(1), z.looseObject({ id: z.string() })]),
  response_format: z.enum(speechFormats).optional(),
  speed: z.number().min(0.25).max(4).optional(),
});

/** POST /v1/audio/speech: the input text wrapped as audio of the asked format (mp3 by default). */
export function handleSpeech(body: unknown, context: ChatContext): Reply {
  const parsed = validate(speechRequestSchema, body);
  if (!parsed.ok) return parsed.reply;
  const request = parsed.value;
  if (context.models !== undefined && !context.models.includes(request.model)) return modelNotFound(request.model);

  const scripted = context.nextScripted() ?? {};
  const failure = scriptedFailure(scripted);
  if (failure !== undefined) return failure;
  const format = request.response_format ?? 'mp3';
  return { kind: 'raw', status: 200, contentType: contentTypeOf(format), body: encodeSpeech(request.input, format), ...timingOf(scripted) };
}
