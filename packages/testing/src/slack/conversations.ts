import { channelFor, type ApiContext } from './chat.ts';
import { fail, post, type ApiResult } from './posts.ts';
import { channelJson, messageJson, userJson } from './render.ts';
import { text } from './web-request.ts';
import { findMessage, replies } from './workspace.ts';

type Params = Record<string, unknown>;

export function authTest(_params: Params, { workspace }: ApiContext): ApiResult {
  return {
    ok: true,
    url: `https://${workspace.team.domain}.slack.com/`,
    team: workspace.team.name,
    user: workspace.bot.name,
    team_id: workspace.team.id,
    user_id: workspace.bot.userId,
    bot_id: workspace.bot.botId,
    is_enterprise_install: false,
  };
}

export function conversationsInfo(params: Params, context: ApiContext): ApiResult {
  const channel = channelFor(context, text(params, 'channel'));
  return channel === undefined ? fail('channel_not_found') : { ok: true, channel: channelJson(channel) };
}

/** A thread: its parent first, then the replies, oldest first. */
export function conversationsReplies(params: Params, context: ApiContext): ApiResult {
  const channel = channelFor(context, text(params, 'channel'));
  if (channel === undefined) return fail('channel_not_found');
  const message = findMessage(context.workspace, channel.id, text(params, 'ts') ?? '');
  if (message === undefined) return fail('thread_not_found');
  const parentTs = message.threadTs ?? message.ts;
  const parent = findMessage(context.workspace, channel.id, parentTs) ?? message;
  const thread = [parent, ...replies(context.workspace, channel.id, parentTs)];
  return { ok: true, messages: thread.map((m) => messageJson(context.workspace, m)), has_more: false, response_metadata: { next_cursor: '' } };
}

/** Top-level messages, newest first, as Slack lists them. */
export function conversationsHistory(params: Params, context: ApiContext): ApiResult {
  const channel = channelFor(context, text(params, 'channel'));
  if (channel === undefined) return fail('channel_not_found');
  const top = (context.workspace.messages.get(channel.id) ?? []).filter((m) => m.threadTs === undefined || m.threadTs === m.ts);
  return { ok: true, messages: top.toReversed().map((m) => messageJson(context.workspace, m)), has_more: false, response_metadata: { next_cursor: '' } };
}

export function usersInfo(params: Params, context: ApiContext): ApiResult {
  const user = context.workspace.users.get(text(params, 'user') ?? '');
  return user === undefined ? fail('user_not_found') : { ok: true, user: userJson(context.workspace, user) };
}

export function reactionsAdd(params: Params, context: ApiContext): ApiResult {
  const channel = channelFor(context, text(params, 'channel'));
  if (channel === undefined) return fail('channel_not_found');
  const name = text(params, 'name');
  if (name === undefined || name === '') return fail('invalid_name');
  const message = findMessage(context.workspace, channel.id, text(params, 'timestamp') ?? '');
  if (message === undefined) return fail('message_not_found');
  const bot = context.workspace.bot.userId;
  const reaction = message.reactions.find((candidate) => candidate.name === name);
  if (reaction?.users.includes(bot) === true) return fail('already_reacted');
  if (reaction === undefined) message.reactions.push({ name, users: [bot] });
  else reaction.users.push(bot);
  context.record(post('reactions.add', { channel: channel.id, ts: message.ts, threadTs: message.threadTs, reaction: name, params }));
  return { ok: true };
}
