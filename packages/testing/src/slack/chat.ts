import { messageJson } from './render.ts';
import { fail, post, type ApiResult } from './posts.ts';
import type { RecordedPost, StoredMessage } from './types.ts';
import { structured, text } from './web-request.ts';
import { addMessage, ensureChannel, findMessage, type SlackChannel, type Workspace } from './workspace.ts';

export interface ApiContext {
  workspace: Workspace;
  record(post: RecordedPost): void;
  /** A message the bot added to a channel, for Slack's echo of it as an event. */
  posted(message: StoredMessage): void;
}

type Params = Record<string, unknown>;

/** The channel a call names; a user id means the bot's DM with that user, as in Slack. */
export function channelFor(context: ApiContext, id: string | undefined): SlackChannel | undefined {
  if (id === undefined) return undefined;
  const { workspace } = context;
  if (id.startsWith('U') && workspace.users.has(id)) return ensureChannel(workspace, `D${id.slice(1)}`, undefined, id);
  return workspace.channels.get(id);
}

/** text and blocks of a message call, or the error Slack answers. */
function content(params: Params): { ok: true; text: string; blocks: unknown[] | undefined } | { ok: false; result: ApiResult } {
  const blocks = structured(params, 'blocks');
  if (!blocks.ok || (blocks.value !== undefined && !Array.isArray(blocks.value))) return { ok: false, result: fail('invalid_blocks') };
  const messageText = text(params, 'text');
  const list = Array.isArray(blocks.value) ? blocks.value : undefined;
  if (messageText === undefined && list === undefined && params.attachments === undefined) return { ok: false, result: fail('no_text') };
  if (messageText !== undefined && messageText.length > 40_000) return { ok: false, result: fail('msg_too_long') };
  return { ok: true, text: messageText ?? '', blocks: list };
}

export function postMessage(params: Params, context: ApiContext): ApiResult {
  const channel = channelFor(context, text(params, 'channel'));
  if (channel === undefined) return fail('channel_not_found');
  const body = content(params);
  if (!body.ok) return body.result;
  const { workspace } = context;
  const threadTs = text(params, 'thread_ts');
  // A reply to a reply lands in the parent's thread.
  const parent = threadTs === undefined ? undefined : findMessage(workspace, channel.id, threadTs);
  if (threadTs !== undefined && parent === undefined) return fail('thread_not_found');
  const message = addMessage(workspace, {
    channel: channel.id,
    user: workspace.bot.userId,
    botId: workspace.bot.botId,
    text: body.text,
    blocks: body.blocks,
    threadTs: parent === undefined ? undefined : (parent.threadTs ?? parent.ts),
    files: [],
  });
  if (parent !== undefined && parent.threadTs === undefined) parent.threadTs = parent.ts;
  context.record(post('chat.postMessage', { channel: channel.id, ts: message.ts, threadTs: message.threadTs, text: body.text, blocks: body.blocks, params }));
  context.posted(message);
  return { ok: true, channel: channel.id, ts: message.ts, message: messageJson(workspace, message) };
}

export function postEphemeral(params: Params, context: ApiContext): ApiResult {
  const channel = channelFor(context, text(params, 'channel'));
  if (channel === undefined) return fail('channel_not_found');
  const user = text(params, 'user');
  if (user === undefined || !context.workspace.users.has(user)) return fail('user_not_in_channel');
  const body = content(params);
  if (!body.ok) return body.result;
  const ts = context.workspace.ids.ts();
  context.record(post('chat.postEphemeral', { channel: channel.id, ts, threadTs: text(params, 'thread_ts'), text: body.text, blocks: body.blocks, user, params }));
  return { ok: true, message_ts: ts };
}

export function update(params: Params, context: ApiContext): ApiResult {
  const channel = channelFor(context, text(params, 'channel'));
  if (channel === undefined) return fail('channel_not_found');
  const message = findMessage(context.workspace, channel.id, text(params, 'ts') ?? '');
  if (message === undefined) return fail('message_not_found');
  if (message.botId === undefined) return fail('cant_update_message');
  const body = content(params);
  if (!body.ok) return body.result;
  message.text = body.text;
  message.blocks = body.blocks ?? message.blocks;
  message.edited = true;
  context.record(post('chat.update', { channel: channel.id, ts: message.ts, threadTs: message.threadTs, text: body.text, blocks: body.blocks, params }));
  return { ok: true, channel: channel.id, ts: message.ts, text: message.text, message: messageJson(context.workspace, message) };
}

export function remove(params: Params, context: ApiContext): ApiResult {
  const channel = channelFor(context, text(params, 'channel'));
  if (channel === undefined) return fail('channel_not_found');
  const messages = context.workspace.messages.get(channel.id) ?? [];
  const index = messages.findIndex((message) => message.ts === text(params, 'ts'));
  const message = messages[index];
  if (message === undefined) return fail('message_not_found');
  if (message.botId === undefined) return fail('cant_delete_message');
  messages.splice(index, 1);
  context.record(post('chat.delete', { channel: channel.id, ts: message.ts, threadTs: message.threadTs, params }));
  return { ok: true, channel: channel.id, ts: message.ts };
}
