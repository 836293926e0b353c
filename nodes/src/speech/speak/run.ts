import { PermanentNodeError, implementNode } from '@switchboard/flow-schema';
import { renderText } from '../../shared/render.ts';
import { readApiKey } from '../../shared/model/run-model.ts';
import { permanentUnlessRetryable, speechProviderFor } from '../shared-run.ts';
import { speakDefinition } from './definition.ts';

/** OpenAI's /audio/speech takes at most 4096 characters. */
const MAX_SPEECH_CHARS = 4096;

export const speakNode = implementNode(speakDefinition, async (ctx) => {
  const { config } = ctx;
  const said = config.text.trim() === '' ? renderText(ctx.inputs.in) : config.text;
  if (said.trim() === '') throw new PermanentNodeError('nothing to say: the text is empty and so is the input; write the text or wire the answer to the input');
  if (said.length > MAX_SPEECH_CHARS) throw new PermanentNodeError(`the text is ${said.length} characters; text to speech takes at most ${MAX_SPEECH_CHARS}: shorten the answer (e.g. a lower max tokens on the model)`);
  const provider = speechProviderFor(config, readApiKey(ctx.credential));
  const audio = await provider.speak(said, { model: config.model, voice: config.voice, format: config.format, signal: ctx.signal }).catch((error: unknown) => {
    ctx.signal.throwIfAborted();
    throw permanentUnlessRetryable(error);
  });
  const attachment = { kind: 'voice', base64: Buffer.from(audio.bytes).toString('base64'), mimeType: audio.mimeType, name: `answer.${config.format === 'opus' ? 'ogg' : config.format}` };
  if (config.reply) ctx.reply({ text: said, data: { attachments: [attachment] } });
  return { outputs: { audio: attachment } };
});
