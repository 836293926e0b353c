import { randomBytes } from 'node:crypto';
import { messageJson } from './render.ts';
import type { StoredMessage } from './types.ts';
import { isRecord } from './web-request.ts';
import type { SlackChannel, Workspace } from './workspace.ts';

/** The event_callback wrapper every Events API event arrives in, over HTTP and inside socket envelopes. */
export function eventCallback(workspace: Workspace, event: Record<string, unknown>): Record<string, unknown> {
  return {
    token: 'verification-token-unused',
    team_id: workspace.team.id,
    context_team_id: workspace.team.id,
    context_enterprise_id: null,
    api_app_id: workspace.bot.appId,
    event,
    type: 'event_callback',
    event_id: workspace.ids.next('Ev'),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: workspace.team.id, user_id: workspace.bot.userId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(JSON.stringify({ et: 'message', tid: workspace.team.id, aid: workspace.bot.appId })).toString('base64url')}`,
  };
}

/** The `message` event of a user's message, with channel_type saying where it was posted. */
export function messageEvent(workspace: Workspace, message: StoredMessage, channel: SlackChannel, clientMsgId: string): Record<string, unknown> {
  return {
    ...messageJson(workspace, message),
    client_msg_id: clientMsgId,
    blocks: richText(message.text),
    channel: channel.id,
    event_ts: message.ts,
    channel_type: channel.type,
  };
}

/** app_mention: the same message, typed differently and without channel_type. */
export function appMentionEvent(workspace: Workspace, message: StoredMessage, channel: SlackChannel, clientMsgId: string): Record<string, unknown> {
  const { subtype: _subtype, channel_type: _type, ...rest } = messageEvent(workspace, message, channel, clientMsgId);
  return { ...rest, type: 'app_mention' };
}

/** The rich_text block Slack's clients attach to typed messages: mentions become user elements. */
function richText(text: string): unknown[] {
  const elements = text
    .split(/(<@[A-Z0-9]+>)/)
    .filter((part) => part !== '')
    .map((part) => {
      const user = /^<@([A-Z0-9]+)>$/.exec(part)?.[1];
      return user === undefined ? { type: 'text', text: part } : { type: 'user', user_id: user };
    });
  return [{ type: 'rich_text', block_id: randomBytes(3).toString('hex'), elements: [{ type: 'rich_text_section', elements }] }];
}

export function triggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e9)}.${randomBytes(16).toString('hex')}`;
}

/** The fields of a slash command, sent form-encoded over HTTP and as a JSON payload over Socket Mode. */
export function commandFields(workspace: Workspace, channel: SlackChannel, user: string, command: string, text: string, responseUrl: string): Record<string, string> {
  return {
    token: 'verification-token-unused',
    team_id: workspace.team.id,
    team_domain: workspace.team.domain,
    channel_id: channel.id,
    channel_name: channel.type === 'im' ? 'directmessage' : channel.name,
    user_id: user,
    user_name: workspace.users.get(user)?.name ?? user,
    command,
    text,
    api_app_id: workspace.bot.appId,
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId(),
  };
}

/** The button with this action_id in a message's blocks, with its block_id. */
export function findButton(blocks: unknown[] | undefined, actionId: string): { blockId: string; button: Record<string, unknown> } | undefined {
  for (const block of blocks ?? []) {
    if (!isRecord(block)) continue;
    const elements: unknown[] = Array.isArray(block.elements) ? block.elements : [];
    const candidates = isRecord(block.accessory) ? elements.concat([block.accessory]) : elements;
    for (const element of candidates) {
      if (isRecord(element) && element.type === 'button' && element.action_id === actionId) {
        return { blockId: typeof block.block_id === 'string' ? block.block_id : 'block', button: element };
      }
    }
  }
  return undefined;
}

export function blockActionsPayload(
  workspace: Workspace,
  channel: SlackChannel,
  message: StoredMessage,
  user: string,
  found: { blockId: string; button: Record<string, unknown> },
  value: string | undefined,
  responseUrl: string,
): Record<string, unknown> {
  const name = workspace.users.get(user)?.name ?? user;
  return {
    type: 'block_actions',
    user: { id: user, username: name, name, team_id: workspace.team.id },
    api_app_id: workspace.bot.appId,
    token: 'verification-token-unused',
    container: { type: 'message', message_ts: message.ts, channel_id: channel.id, is_ephemeral: false, ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }) },
    trigger_id: triggerId(),
    team: { id: workspace.team.id, domain: workspace.team.domain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel.id, name: channel.type === 'im' ? 'directmessage' : channel.name },
    message: messageJson(workspace, message),
    state: { values: {} },
    response_url: responseUrl,
    actions: [
      {
        action_id: found.button.action_id,
        block_id: found.blockId,
        text: found.button.text,
        ...(value === undefined ? {} : { value }),
        ...(typeof found.button.style === 'string' ? { style: found.button.style } : {}),
        type: 'button',
        action_ts: (Date.now() / 1000).toFixed(6),
      },
    ],
  };
}
