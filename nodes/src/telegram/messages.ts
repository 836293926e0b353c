import { CAPABILITIES, readDownload, splitMessage, type Attachment, type DownloadedFile, type ReplyTarget, type SentMessage } from '@switchboard/channels';
import { GrammyError, type Api } from 'grammy';
import { describe, withRetryAfter } from './api.ts';

/** The Bot API's own limit on files a bot may download (getFile refuses larger ones). */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

/** One message's worth of Markdown as Telegram HTML; an edit cannot grow into two messages. */
function oneMessage(text: string): string {
  const parts = splitMessage(text, 'telegram-html', CAPABILITIES.telegram.maxTextLength);
  const [only] = parts;
  if (only === undefined) throw new Error('cannot edit a Telegram message to empty text');
  if (parts.length > 1) throw new Error(`the edited text is longer than one Telegram message (${CAPABILITIES.telegram.maxTextLength} characters)`);
  return only;
}

/** editMessageText; repeating the current text ("message is not modified") is no error. */
export async function editText(api: Api, target: ReplyTarget, sent: SentMessage, text: string, signal?: AbortSignal): Promise<void> {
  const html = oneMessage(text);
  try {
    await withRetryAfter(() => api.editMessageText(target.chatId, Number(sent.messageId), html, { parse_mode: 'HTML' }), signal);
  } catch (error) {
    if (error instanceof GrammyError && error.description.includes('message is not modified')) return;
    throw new Error(describe(error), { cause: error });
  }
}

export async function deleteMessage(api: Api, target: ReplyTarget, sent: SentMessage, signal?: AbortSignal): Promise<void> {
  try {
    await withRetryAfter(() => api.deleteMessage(target.chatId, Number(sent.messageId)), signal);
  } catch (error) {
    throw new Error(describe(error), { cause: error });
  }
}

/**
 * getFile, then the bytes from `<apiRoot>/file/bot<token>/<file_path>`: the same server the API calls
 * go to, so a self-hosted Bot API server (or a test server) serves them too.
 */
export async function downloadFile(api: Api, apiRoot: string, token: string, attachment: Attachment, signal?: AbortSignal): Promise<DownloadedFile> {
  const label = `the Telegram file ${attachment.name ?? attachment.kind}`;
  if (attachment.sizeBytes !== undefined && attachment.sizeBytes > MAX_DOWNLOAD_BYTES) throw tooLarge(label, attachment.sizeBytes);
  let filePath: string | undefined;
  try {
    const file = await withRetryAfter(() => api.getFile(attachment.ref), signal);
    if (file.file_size !== undefined && file.file_size > MAX_DOWNLOAD_BYTES) throw tooLarge(label, file.file_size);
    filePath = file.file_path;
  } catch (error) {
    if (error instanceof TooLarge) throw error;
    throw new Error(`cannot download ${label}: ${describe(error)}`, { cause: error });
  }
  if (filePath === undefined || filePath === '') throw new Error(`cannot download ${label}: Telegram gave no file path (files over 20 MB cannot be downloaded by bots)`);
  const { bytes, contentType } = await readDownload({
    url: `${apiRoot.replace(/\/+$/, '')}/file/bot${token}/${filePath}`,
    maxBytes: MAX_DOWNLOAD_BYTES,
    label,
    ...(signal ? { signal } : {}),
  });
  const name = attachment.name ?? filePath.split('/').pop();
  const mimeType = attachment.mimeType ?? (contentType === undefined || contentType.startsWith('application/octet-stream') ? undefined : contentType);
  return { bytes, ...(name !== undefined && name !== '' ? { name } : {}), ...(mimeType !== undefined ? { mimeType } : {}) };
}

class TooLarge extends Error {}

function tooLarge(label: string, size: number): TooLarge {
  return new TooLarge(`${label} is ${(size / (1024 * 1024)).toFixed(1)} MB; Telegram lets bots download files up to 20 MB (a self-hosted Bot API server lifts the limit)`);
}
