import { fileUrls, replies, type Workspace, type SlackChannel, type SlackUser } from './workspace.ts';
import type { StoredFile, StoredMessage } from './types.ts';

/** A message as the Web API and events show it. */
export function messageJson(workspace: Workspace, message: StoredMessage): Record<string, unknown> {
  const fromBot = message.botId !== undefined;
  const thread = message.threadTs === undefined ? {} : threadFields(workspace, message);
  return {
    type: 'message',
    ...(message.files.length > 0 && !fromBot ? { subtype: 'file_share' } : {}),
    user: message.user,
    text: message.text,
    ts: message.ts,
    team: workspace.team.id,
    ...(fromBot ? { bot_id: message.botId, app_id: workspace.bot.appId, bot_profile: botProfile(workspace) } : {}),
    ...(message.blocks === undefined ? {} : { blocks: message.blocks }),
    ...(message.files.length > 0 ? { files: message.files.flatMap((id) => fileOf(workspace, id)), upload: !fromBot, display_as_bot: false } : {}),
    ...(message.reactions.length > 0 ? { reactions: message.reactions.map((r) => ({ name: r.name, users: r.users, count: r.users.length })) } : {}),
    ...(message.edited ? { edited: { user: message.user, ts: message.ts } } : {}),
    ...thread,
  };
}

function threadFields(workspace: Workspace, message: StoredMessage): Record<string, unknown> {
  const threadTs = message.threadTs ?? message.ts;
  if (threadTs !== message.ts) {
    const parent = workspace.messages.get(message.channel)?.find((candidate) => candidate.ts === threadTs);
    return { thread_ts: threadTs, parent_user_id: parent?.user };
  }
  const answers = replies(workspace, message.channel, threadTs);
  return {
    thread_ts: threadTs,
    reply_count: answers.length,
    reply_users: [...new Set(answers.map((answer) => answer.user))],
    reply_users_count: new Set(answers.map((answer) => answer.user)).size,
    latest_reply: answers.at(-1)?.ts ?? threadTs,
  };
}

function fileOf(workspace: Workspace, id: string): Record<string, unknown>[] {
  const file = workspace.files.get(id);
  return file === undefined ? [] : [fileJson(workspace, file)];
}

export function fileJson(workspace: Workspace, file: StoredFile): Record<string, unknown> {
  const filetype = file.name.includes('.') ? (file.name.split('.').pop() ?? 'binary') : 'binary';
  return {
    id: file.id,
    created: file.created,
    timestamp: file.created,
    name: file.name,
    title: file.title,
    mimetype: file.mimetype,
    filetype,
    pretty_type: filetype.toUpperCase(),
    user: file.user,
    user_team: workspace.team.id,
    editable: false,
    size: file.size,
    mode: 'hosted',
    is_external: false,
    external_type: '',
    is_public: false,
    public_url_shared: false,
    display_as_bot: false,
    username: '',
    ...fileUrls(workspace, file),
    channels: file.channels,
    groups: [],
    ims: [],
    comments_count: 0,
  };
}

export function botProfile(workspace: Workspace): Record<string, unknown> {
  return { id: workspace.bot.botId, app_id: workspace.bot.appId, name: workspace.bot.name, deleted: false, team_id: workspace.team.id, icons: {} };
}

export function channelJson(channel: SlackChannel): Record<string, unknown> {
  const im = channel.type === 'im';
  return {
    id: channel.id,
    created: channel.created,
    is_archived: false,
    is_im: im,
    is_org_shared: false,
    context_team_id: undefined,
    ...(im
      ? { user: channel.user, is_user_deleted: false, priority: 0 }
      : {
          name: channel.name,
          name_normalized: channel.name,
          is_channel: channel.type === 'channel',
          is_group: channel.type === 'group',
          is_mpim: channel.type === 'mpim',
          is_private: channel.type !== 'channel',
          is_general: false,
          is_shared: false,
          is_ext_shared: false,
          is_member: true,
          topic: { value: '', creator: '', last_set: 0 },
          purpose: { value: '', creator: '', last_set: 0 },
        }),
  };
}

export function userJson(workspace: Workspace, user: SlackUser): Record<string, unknown> {
  return {
    id: user.id,
    team_id: workspace.team.id,
    name: user.name,
    deleted: false,
    real_name: user.name,
    tz: 'Europe/London',
    tz_label: 'Greenwich Mean Time',
    tz_offset: 0,
    profile: { real_name: user.name, display_name: user.name, real_name_normalized: user.name, display_name_normalized: user.name, team: workspace.team.id },
    is_admin: false,
    is_owner: false,
    is_bot: user.isBot,
    is_app_user: false,
    updated: 0,
  };
}
