import { PermanentNodeError, implementNode } from '@switchboard/flow-schema';
import { z } from 'zod';
import { readApiKey } from '../../shared/model/run-model.ts';
import { permanentUnlessRetryable, speechProviderFor } from '../shared-run.ts';
import { transcribeDefinition } from './definition.ts';

const Audio = z.object({
  message: z.object({ attachments: z.array(z.object({ kind: z.string(), ref: z.string(), name: z.string().optional(), mimeType: z.string().optional() })) }),
});

/** Whisper-style endpoints take at most 25 MB. */
const MAX_AUDIO_BYTES = 25 * 1024 * 1024;

export const transcribeNode = implementNode(transcribeDefinition, async (ctx) => {
  const parsed = Audio.safeParse(ctx.event.payload);
  const audio = parsed.success ? parsed.data.message.attachments.find((attachment) => attachment.kind === 'voice' || attachment.kind === 'audio') : undefined;
  if (!audio) return { outputs: { none: ctx.event.text } };
  if (!ctx.services.download) throw new PermanentNodeError('this server cannot fetch channel files for nodes, so voice messages cannot be transcribed here');
  const file = await ctx.services.download(audio, ctx.signal);
  if (file.bytes.byteLength > MAX_AUDIO_BYTES) throw new PermanentNodeError(`the audio is ${Math.round(file.bytes.byteLength / 1024 / 1024)} MB; speech-to-text takes at most 25 MB`);
  const provider = speechProviderFor(ctx.config, readApiKey(ctx.credential));
  const name = file.name ?? audio.name ?? `voice.${extensionOf(file.mimeType ?? audio.mimeType)}`;
  const mimeType = file.mimeType ?? audio.mimeType;
  const result = await provider
    .transcribe({ bytes: file.bytes, name, ...(mimeType === undefined ? {} : { mimeType }) }, { model: ctx.config.model, signal: ctx.signal, ...(ctx.config.language === undefined ? {} : { language: ctx.config.language }) })
    .catch((error: unknown) => {
      ctx.signal.throwIfAborted();
      throw permanentUnlessRetryable(error);
    });
  return { outputs: { text: result.text } };
});

function extensionOf(mimeType: string | undefined): string {
  if (mimeType === undefined) return 'ogg';
  if (mimeType.includes('mpeg')) return 'mp3';
  if (mimeType.includes('wav')) return 'wav';
  if (mimeType.includes('mp4') || mimeType.includes('m4a')) return 'm4a';
  if (mimeType.includes('webm')) return 'webm';
  return 'ogg';
}
