import type { IncomingMessage, ServerResponse } from 'node:http';
import { buffer } from 'node:stream/consumers';
import { channelFor, type ApiContext } from './chat.ts';
import { fail, post, type ApiResult } from './posts.ts';
import { fileJson, messageJson } from './render.ts';
import type { StoredFile } from './types.ts';
import { isRecord, structured, text } from './web-request.ts';
import { addMessage, findMessage, type Workspace } from './workspace.ts';

type Params = Record<string, unknown>;

/** files.getUploadURLExternal: announces a file; its bytes go to the returned upload_url. */
export function getUploadUrl(params: Params, { workspace }: ApiContext): ApiResult {
  const filename = text(params, 'filename');
  const length = Number(text(params, 'length'));
  if (filename === undefined || filename === '' || !Number.isInteger(length) || length < 1) return fail('invalid_arguments');
  const id = workspace.ids.next('F');
  workspace.files.set(id, {
    id,
    name: filename,
    title: filename,
    mimetype: mimetypeOf(filename),
    size: length,
    bytes: Buffer.alloc(0),
    user: workspace.bot.userId,
    created: Math.floor(Date.now() / 1000),
    channels: [],
  });
  workspace.uploads.set(id, { length, received: false });
  return { ok: true, upload_url: `${workspace.baseUrl}/upload/v1/${id}`, file_id: id };
}

/** The upload URL: takes the raw bytes or a multipart body's file part, answers 200 "OK - <size>". */
export async function receiveUpload(workspace: Workspace, id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const file = workspace.files.get(id);
  const upload = workspace.uploads.get(id);
  const raw = await buffer(req);
  if (file === undefined || upload === undefined) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    return;
  }
  const contentType = req.headers['content-type'] ?? '';
  let bytes = raw;
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const part = [...form.values()].find((value) => typeof value !== 'string');
    bytes = part === undefined ? Buffer.alloc(0) : Buffer.from(await part.arrayBuffer());
  }
  file.bytes = bytes;
  file.size = bytes.length;
  upload.received = true;
  res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
}

/** files.completeUploadExternal: finishes uploads and, given a channel, shares them there as the bot. */
export function completeUpload(params: Params, context: ApiContext): ApiResult {
  const { workspace } = context;
  const list = structured(params, 'files');
  if (!list.ok || !Array.isArray(list.value) || list.value.length === 0) return fail('invalid_arguments');
  const files: StoredFile[] = [];
  for (const entry of list.value) {
    const id = isRecord(entry) && typeof entry.id === 'string' ? entry.id : undefined;
    const file = id === undefined ? undefined : workspace.files.get(id);
    if (id === undefined || file === undefined || workspace.uploads.get(id)?.received !== true) return fail('file_not_found');
    if (isRecord(entry) && typeof entry.title === 'string') file.title = entry.title;
    files.push(file);
  }
  const channelId = text(params, 'channel_id');
  if (channelId === undefined) return { ok: true, files: files.map((file) => fileJson(workspace, file)) };
  const channel = channelFor(context, channelId);
  if (channel === undefined) return fail('channel_not_found');
  const threadTs = text(params, 'thread_ts');
  const parent = threadTs === undefined ? undefined : findMessage(workspace, channel.id, threadTs);
  if (threadTs !== undefined && parent === undefined) return fail('thread_not_found');
  const comment = text(params, 'initial_comment') ?? '';
  for (const file of files) file.channels.push(channel.id);
  const message = addMessage(workspace, {
    channel: channel.id,
    user: workspace.bot.userId,
    botId: workspace.bot.botId,
    text: comment,
    blocks: undefined,
    threadTs: parent === undefined ? undefined : (parent.threadTs ?? parent.ts),
    files: files.map((file) => file.id),
  });
  if (parent !== undefined && parent.threadTs === undefined) parent.threadTs = parent.ts;
  context.record(post('files.completeUploadExternal', { channel: channel.id, ts: message.ts, threadTs: message.threadTs, text: comment, files, params }));
  context.posted(message);
  return { ok: true, files: files.map((file) => fileJson(workspace, file)), message: messageJson(workspace, message) };
}

export function filesInfo(params: Params, { workspace }: ApiContext): ApiResult {
  const file = workspace.files.get(text(params, 'file') ?? '');
  if (file === undefined || workspace.uploads.get(file.id)?.received === false) return fail('file_not_found');
  return { ok: true, file: fileJson(workspace, file), comments: [], response_metadata: { next_cursor: '' } };
}

/**
 * url_private and url_private_download. Like Slack, a request without the bot token gets the sign-in
 * page (200, HTML) rather than an error, which is how a missing Authorization header shows up in practice.
 */
export function download(workspace: Workspace, id: string, authorization: string | undefined, botToken: string, res: ServerResponse): void {
  const file = workspace.files.get(id);
  if (file === undefined) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('file not found');
    return;
  }
  if (authorization !== `Bearer ${botToken}`) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>');
    return;
  }
  res.writeHead(200, { 'content-type': file.mimetype, 'content-length': file.bytes.length }).end(file.bytes);
}

const mimetypes: Record<string, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
};

export function mimetypeOf(name: string): string {
  const extension = name.includes('.') ? (name.split('.').pop() ?? '').toLowerCase() : '';
  return mimetypes[extension] ?? 'application/octet-stream';
}
