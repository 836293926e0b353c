import type { WebClient } from '@slack/web-api';
import { CAPABILITIES, outboundExtras, splitMessage, type ChannelContext, type OutboundExtras, type ReplyTarget, type SentMessage } from '@switchboard/channels';
import type { OutboundMessage } from '@switchboard/flow-schema';
import { z } from 'zod';
import { webClientOf } from './client.ts';
import type { SlackConfig } from './config.ts';
import { fetchFile } from '../shared/fetch-file.ts';

/** Block Kit's limit for a section's text: a reply with buttons is cut to fit it. */
const SECTION_TEXT_LIMIT = 3000;
/** Largest file fetched from a URL to upload; Slack takes more, the server's memory should not. */
const MAX_FETCHED_BYTES = 50 * 1024 * 1024;
const TS = /^\d+\.\d+$/;

type Attachment = OutboundExtras['attachments'][number];
type Button = OutboundExtras['buttons'][number];

/**
 * Where a reply goes in its chat. Into the thread of the message it answers; in a group, a
 * top-level question gets its answer in a thread under it (the parser already gives such a message
 * its own ts as the thread), so a busy channel is not filled with the bot's answers.
 */
export function threadTsOf(target: ReplyTarget): string | undefined {
  if (target.threadId !== undefined) return target.threadId;
  if (target.chatKind === 'group' && target.replyToMessageId !== undefined && TS.test(target.replyToMessageId)) return target.replyToMessageId;
  return undefined;
}

/**
 * Sends a reply: its files first (files.uploadV2), then its text rendered to mrkdwn and split, the
 * buttons under the last part. Returns each chat message's ts, and `file:<id>` for each file (an
 * upload's message ts is not returned by Slack).
 */
export async function sendReply(context: ChannelContext<SlackConfig>, target: ReplyTarget, reply: OutboundMessage, signal?: AbortSignal): Promise<SentMessage[]> {
  const client = webClientOf(context);
  const { attachments, buttons } = outboundExtras(reply);
  const threadTs = threadTsOf(target);
  const sent: SentMessage[] = [];

  for (const file of attachments) {
    signal?.throwIfAborted();
    const ids = await upload(client, target.chatId, threadTs, file, context.config.allowPrivateFileUrls, signal);
    sent.push(...ids.map((id) => ({ messageId: `file:${id}` })));
  }

  const actions = actionsBlock(buttons);
  const parts = splitMessage(reply.text, 'slack-mrkdwn', actions === undefined ? CAPABILITIES.slack.maxTextLength : SECTION_TEXT_LIMIT);
  // Buttons without text still need a message to hang under; its text is what notifications show.
  if (parts.length === 0 && actions !== undefined) parts.push(buttons.map((button) => button.label).join(' · '));
  for (const [index, text] of parts.entries()) {
    signal?.throwIfAborted();
    const withButtons = actions !== undefined && index === parts.length - 1;
    const blocks = withButtons ? [{ type: 'section', text: { type: 'mrkdwn', text } }, actions] : undefined;
    const result = await client.chat.postMessage({
      channel: target.chatId,
      text,
      mrkdwn: true,
      ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
      ...(blocks !== undefined ? { blocks } : {}),
    });
    if (result.ts !== undefined) sent.push({ messageId: result.ts });
  }
  return sent;
}

/** Buttons as one actions block; a button with a value sends it back when clicked. */
function actionsBlock(buttons: readonly Button[]): { type: 'actions'; elements: Record<string, unknown>[] } | undefined {
  if (buttons.length === 0) return undefined;
  return {
    type: 'actions',
    elements: buttons.map((button, index) => ({
      type: 'button',
      action_id: `switchboard-${index}`,
      text: { type: 'plain_text', text: button.label },
      ...(button.url !== undefined ? { url: button.url } : { value: button.value ?? button.label }),
    })),
  };
}

const UploadResult = z.object({ files: z.array(z.looseObject({ files: z.array(z.looseObject({ id: z.string() })).default([]) })).default([]) });

async function upload(client: WebClient, channelId: string, threadTs: string | undefined, file: Attachment, allowPrivate: boolean, signal?: AbortSignal): Promise<string[]> {
  const bytes = await bytesOf(file, allowPrivate, signal);
  const filename = nameOf(file);
  const result = threadTs === undefined
    ? await client.files.uploadV2({ channel_id: channelId, file: bytes, filename })
    : await client.files.uploadV2({ channel_id: channelId, thread_ts: threadTs, file: bytes, filename });
  const parsed = UploadResult.safeParse(result);
  return parsed.success ? parsed.data.files.flatMap((completion) => completion.files.map((uploaded) => uploaded.id)) : [];
}

async function bytesOf(file: Attachment, allowPrivate: boolean, signal?: AbortSignal): Promise<Buffer> {
  if (file.base64 !== undefined) return Buffer.from(file.base64, 'base64');
  return fetchFile(file.url ?? '', { maxBytes: MAX_FETCHED_BYTES, allowPrivate, ...(signal ? { signal } : {}) });
}

/** Slack shows the type from the name's extension: name a nameless file after its kind and MIME type. */
function nameOf(file: Attachment): string {
  if (file.name !== undefined && file.name !== '') return file.name;
  const fromUrl = file.url === undefined ? '' : safeDecode(new URL(file.url).pathname.split('/').pop() ?? '');
  if (fromUrl.includes('.')) return fromUrl;
  const subtype = file.mimeType?.split('/')[1]?.split(/[+;]/)[0]?.trim();
  const extension = subtype === 'jpeg' ? 'jpg' : subtype;
  return extension !== undefined && /^[a-z0-9.-]{1,10}$/i.test(extension) ? `${file.kind}.${extension}` : file.kind;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
