import { z } from 'zod';
import type { RequestBody } from '../request-body.ts';
import { decodeSpeech } from './audio-bytes.ts';
import type { ChatContext } from './chat.ts';
import { errorReply, modelNotFound } from './errors.ts';
import type { Reply } from '../reply.ts';
import { scriptedFailure, timingOf } from './script.ts';
import { countTokens } from './tokens.ts';
import { validate } from './validate.ts';

const acceptedExtensions = ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm'];

// Multipart fields are strings; the file arrives as a File beside them.
const transcriptionRequestSchema = z.looseObject({
  file: z.instanceof(File),
  model: z.string(),
  language: z.string().optional(),
  response_format: z.enum(['json', 'text', 'verbose_json']).optional(),
});

/**
 * POST /v1/audio/transcriptions. The text is, in order: a scripted `transcript`, the text inside audio
 * this server spoke (see audio-bytes.ts), or `(audio of N bytes)`.
 */
export async function handleTranscription(form: Extract<RequestBody, { kind: 'form' }>, context: ChatContext): Promise<Reply> {
  const parsed = validate(transcriptionRequestSchema, { ...form.fields, file: form.files.get('file') });
  if (!parsed.ok) return parsed.reply;
  const request = parsed.value;
  const extension = /\.([^.]+)$/.exec(request.file.name)?.[1]?.toLowerCase();
  if (extension === undefined || !acceptedExtensions.includes(extension)) {
    const message = `Invalid file format. Supported formats: ${JSON.stringify(acceptedExtensions)}`;
    return errorReply(400, message, { param: null, code: null });
  }
  if (context.models !== undefined && !context.models.includes(request.model)) return modelNotFound(request.model);

  const scripted = context.nextScripted() ?? {};
  const failure = scriptedFailure(scripted);
  if (failure !== undefined) return failure;
  const bytes = new Uint8Array(await request.file.arrayBuffer());
  const text = scripted.transcript ?? decodeSpeech(bytes) ?? `(audio of ${bytes.length} bytes)`;
  const timing = timingOf(scripted);

  const format = request.response_format ?? 'json';
  switch (format) {
    case 'json':
      return { kind: 'json', status: 200, body: { text }, ...timing };
    case 'text':
      return { kind: 'raw', status: 200, contentType: 'text/plain; charset=utf-8', body: `${text}\n`, ...timing };
    case 'verbose_json':
      return { kind: 'json', status: 200, body: verbose(text, request.language), ...timing };
  }
}

/** Whisper's verbose answer with one segment; half a second per word keeps durations predictable. */
function verbose(text: string, language: string | undefined): object {
  const duration = countTokens(text) * 0.5;
  const segment = { id: 0, seek: 0, start: 0, end: duration, text, tokens: [], temperature: 0, avg_logprob: 0, compression_ratio: 1, no_speech_prob: 0 };
  return { task: 'transcribe', language: language ?? 'english', duration, text, segments: [segment] };
}
