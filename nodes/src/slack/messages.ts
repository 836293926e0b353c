import { CAPABILITIES, readDownload, splitMessage, type Attachment, type ChannelContext, type DownloadedFile, type ReplyTarget, type SentMessage } from '@switchboard/channels';
import { z } from 'zod';
import { describe, webClientOf } from './client.ts';
import { botTokenOf, type SlackConfig } from './config.ts';

/** Largest file a node may ask for; Slack holds bigger ones, the server's memory should not. */
export const MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024;

/** chat.update with the text rendered as `send` renders it; it must fit in one message. */
export async function updateText(context: ChannelContext<SlackConfig>, target: ReplyTarget, sent: SentMessage, text: string, signal?: AbortSignal): Promise<void> {
  const parts = splitMessage(text, 'slack-mrkdwn', CAPABILITIES.slack.maxTextLength);
  const [only] = parts;
  if (only === undefined) throw new Error('cannot edit a Slack message to empty text');
  if (parts.length > 1) throw new Error(`the edited text is longer than one Slack message (${CAPABILITIES.slack.maxTextLength} characters)`);
  signal?.throwIfAborted();
  try {
    // Slack takes an unchanged text without complaint, so there is no no-op error to skip here.
    await webClientOf(context).chat.update({ channel: target.chatId, ts: sent.messageId, text: only });
  } catch (error) {
    throw new Error(describe(error), { cause: error });
  }
}

export async function deleteMessage(context: ChannelContext<SlackConfig>, target: ReplyTarget, sent: SentMessage, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  try {
    await webClientOf(context).chat.delete({ channel: target.chatId, ts: sent.messageId });
  } catch (error) {
    throw new Error(describe(error), { cause: error });
  }
}

const FileInfo = z.object({
  file: z.object({
    name: z.string().optional(),
    mimetype: z.string().optional(),
    size: z.number().optional(),
    url_private: z.string().optional(),
    url_private_download: z.string().optional(),
  }),
});

/** files.info for the file's private URL, then its bytes with the bot token (which needs files:read). */
export async function downloadFile(context: ChannelContext<SlackConfig>, attachment: Attachment, signal?: AbortSignal): Promise<DownloadedFile> {
  const label = `the Slack file ${attachment.name ?? attachment.ref}`;
  let info: z.infer<typeof FileInfo>['file'];
  try {
    const parsed = FileInfo.safeParse(await webClientOf(context).files.info({ file: attachment.ref }));
    if (!parsed.success) throw new Error('files.info answered without the file');
    info = parsed.data.file;
  } catch (error) {
    throw new Error(`cannot download ${label}: ${describe(error)} (the bot token needs the files:read scope)`, { cause: error });
  }
  const size = info.size ?? attachment.sizeBytes;
  if (size !== undefined && size > MAX_DOWNLOAD_BYTES) throw new Error(`${label} is ${(size / (1024 * 1024)).toFixed(1)} MB; this server downloads Slack files up to ${MAX_DOWNLOAD_BYTES / (1024 * 1024)} MB`);
  const url = info.url_private_download ?? info.url_private;
  if (url === undefined) throw new Error(`cannot download ${label}: Slack gave no download address for it`);
  const { bytes, contentType } = await readDownload({ url, headers: { authorization: `Bearer ${botTokenOf(context)}` }, maxBytes: MAX_DOWNLOAD_BYTES, label, ...(signal ? { signal } : {}) });
  // Without a valid token Slack answers its sign-in page with 200, not an error.
  if (contentType?.startsWith('text/html') === true && info.mimetype?.startsWith('text/html') !== true) {
    throw new Error(`cannot download ${label}: Slack answered its sign-in page; check the bot token and its files:read scope`);
  }
  const name = attachment.name ?? info.name;
  const mimeType = attachment.mimeType ?? info.mimetype;
  return { bytes, ...(name !== undefined ? { name } : {}), ...(mimeType !== undefined ? { mimeType } : {}) };
}
