import { randomBytes } from 'node:crypto';
import { post } from './posts.ts';
import type { RecordedPost } from './types.ts';
import { isRecord } from './web-request.ts';
import { addMessage, findMessage, type Workspace } from './workspace.ts';

export interface ResponseTarget {
  channel: string;
  user: string;
  /** The message an interaction came from: replace_original and delete_original act on it. */
  messageTs: string | undefined;
}

/** response_url paths shaped like Slack's hooks: /commands/<team>/<n>/<secret> and /actions/<team>/<n>/<secret>. */
export function createResponseUrls(workspace: Workspace): { issue(kind: 'commands' | 'actions', target: ResponseTarget): string; target(path: string): ResponseTarget | undefined } {
  const targets = new Map<string, ResponseTarget>();
  let n = 0;
  return {
    issue: (kind, target) => {
      n += 1;
      const path = `/${kind}/${workspace.team.id}/${n}/${randomBytes(12).toString('hex')}`;
      targets.set(path, target);
      return `${workspace.baseUrl}${path}`;
    },
    target: (path) => targets.get(path),
  };
}

/**
 * What Slack does with a message sent to a response_url or in a command's ack: replace or delete the
 * original, post in the channel (response_type in_channel), or show it to the user alone (ephemeral).
 */
export function applyResponse(workspace: Workspace, target: ResponseTarget, body: unknown, via: 'response_url' | 'ack'): RecordedPost {
  const params = isRecord(body) ? body : { text: typeof body === 'string' ? body : '' };
  const text = typeof params.text === 'string' ? params.text : undefined;
  const blocks = Array.isArray(params.blocks) ? params.blocks : undefined;
  const threadTs = typeof params.thread_ts === 'string' ? params.thread_ts : undefined;
  const original = target.messageTs === undefined ? undefined : findMessage(workspace, target.channel, target.messageTs);
  if (params.delete_original === true && original !== undefined) {
    const messages = workspace.messages.get(target.channel) ?? [];
    messages.splice(messages.indexOf(original), 1);
    return post(via, { channel: target.channel, ts: original.ts, params });
  }
  if (params.replace_original === true && original !== undefined) {
    original.text = text ?? original.text;
    original.blocks = blocks ?? original.blocks;
    original.edited = true;
    return post(via, { channel: target.channel, ts: original.ts, threadTs: original.threadTs, text, blocks, params });
  }
  if (params.response_type === 'in_channel') {
    const message = addMessage(workspace, { channel: target.channel, user: workspace.bot.userId, botId: workspace.bot.botId, text: text ?? '', blocks, threadTs, files: [] });
    return post(via, { channel: target.channel, ts: message.ts, threadTs, text, blocks, params });
  }
  return post(via, { channel: target.channel, ts: workspace.ids.ts(), threadTs, text, blocks, user: target.user, params });
}
