import { implementNode } from '@switchboard/flow-schema';
import { renderText } from '../../shared/render.ts';
import { replyDefinition } from './definition.ts';

export const replyNode = implementNode(replyDefinition, (ctx) => {
  const { buttons, file, fileKind } = ctx.config;
  const text = ctx.config.text.trim() === '' ? renderText(ctx.inputs.in) : ctx.config.text;
  // Channels reject empty messages; say what to fix here rather than fail later in a channel adapter.
  if (text.trim() === '' && file === '') throw new Error('nothing to send: `text` is empty and so is input `in`; write a text or connect a value');
  // The shape channels render (packages/channels OutboundExtras); API callers read it as it is.
  const data = {
    ...(buttons.length > 0 ? { buttons: buttons.map((button) => ({ label: button.label, value: button.value === '' ? button.label : button.value })) } : {}),
    ...(file !== '' ? { attachments: [{ kind: fileKind, url: file, name: fileName(file) }] } : {}),
  };
  ctx.reply(Object.keys(data).length > 0 ? { text, data } : { text });
  return { outputs: { out: text } };
});

/** The last path segment of a file's address, readable ("May%202026.pdf" → "May 2026.pdf"). */
function fileName(url: string): string {
  const last = new URL(url).pathname.split('/').at(-1) ?? '';
  try {
    return decodeURIComponent(last) || 'file';
  } catch {
    return last || 'file';
  }
}
