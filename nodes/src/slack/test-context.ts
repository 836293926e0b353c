// For this folder's tests: a channel context pointed at the local Slack of @switchboard/testing.
import type { ChannelContext } from '@switchboard/channels';
import type { SlackServer } from '@switchboard/testing';
import { SlackConfig } from './config.ts';

export interface TestContext extends ChannelContext<SlackConfig> {
  logs: string[];
}

export function slackContext(server: SlackServer, mode: SlackConfig['mode']): TestContext {
  const logs: string[] = [];
  return {
    channelId: 'slack-test',
    config: SlackConfig.parse({ mode, apiUrl: server.apiUrl, allowPrivateFileUrls: true }),
    secret: { botToken: server.botToken, signingSecret: server.signingSecret, appToken: server.appToken },
    log: { info: (line) => logs.push(line), warn: (line) => logs.push(line) },
    logs,
  };
}
