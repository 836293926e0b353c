import { randomUUID } from 'node:crypto';
import { mimetypeOf } from './files.ts';
import { deliverOverHttp, type HttpDeliveryConfig } from './http-delivery.ts';
import { appMentionEvent, blockActionsPayload, commandFields, eventCallback, findButton, messageEvent } from './payloads.ts';
import { applyResponse, createResponseUrls } from './response-url.ts';
import { signedHeaders } from './sign.ts';
import type { EnvelopeType, SocketModeServer } from './socket-mode.ts';
import type { ButtonClick, ChannelType, Delivery, EventSubscription, RawRequest, RawResponse, RecordedPost, SlashCommand, StoredMessage, UserSaid, UserSays } from './types.ts';
import { addMessage, ensureChannel, ensureUser, findMessage, findMessageAnywhere, type Workspace } from './workspace.ts';

export interface ToAppContext {
  workspace: Workspace;
  signingSecret: string;
  events: EventSubscription[];
  urls: { events: string | undefined; commands: string | undefined; interactivity: string | undefined };
  /** Whether the app receives over Socket Mode rather than HTTP. */
  socketMode(): boolean;
  socket: SocketModeServer;
  http: HttpDeliveryConfig;
  responseUrls: ReturnType<typeof createResponseUrls>;
  record(post: RecordedPost): void;
  deliveries: Delivery[];
}

/** Everything Slack sends to the app: user messages as events, commands, button clicks, raw requests. */
export function createToApp(context: ToAppContext): {
  userSays(message: UserSays): Promise<UserSaid>;
  /** Slack's echo of the bot's own message to an app subscribed to that channel's messages. */
  echo(message: StoredMessage): Promise<Delivery[]>;
  slashCommand(command: SlashCommand): Promise<Delivery>;
  clickButton(click: ButtonClick): Promise<Delivery>;
  verifyUrl(): Promise<{ ok: boolean; challenge: string; response: RawResponse }>;
  sendRaw(request: RawRequest): Promise<RawResponse>;
} {
  const { workspace } = context;

  const url = (which: 'events' | 'commands' | 'interactivity'): string => {
    const found = context.urls[which] ?? context.urls.events;
    if (found === undefined) throw new Error(`Slack test server: no request URL for ${which}; pass requestUrl or call setRequestUrl()`);
    return found;
  };

  /** Over the socket when the app uses Socket Mode, else as a signed POST. */
  const deliver = async (kind: Delivery['kind'], payload: Record<string, unknown>, http: { body: string; contentType: string; url: 'events' | 'commands' | 'interactivity' }, socket: { type: EnvelopeType; acceptsResponsePayload: boolean }): Promise<Delivery> => {
    const outcome = context.socketMode()
      ? await context.socket.send(socket.type, payload, socket.acceptsResponsePayload)
      : await deliverOverHttp(url(http.url), http.body, http.contentType, kind === 'event', context.http);
    const delivery: Delivery = { kind, transport: context.socketMode() ? 'socket' : 'http', payload, ...outcome };
    context.deliveries.push(delivery);
    return delivery;
  };

  const sendEvent = (event: Record<string, unknown>): Promise<Delivery> => {
    const payload = eventCallback(workspace, event);
    const body = JSON.stringify(payload);
    return deliver('event', payload, { body, contentType: 'application/json', url: 'events' }, { type: 'events_api', acceptsResponsePayload: false });
  };

  const sendRaw = async (request: RawRequest): Promise<RawResponse> => {
    const signed = signedHeaders(context.signingSecret, request.body, request.timestamp);
    const headers = {
      'content-type': request.contentType ?? 'application/json',
      ...signed,
      ...(request.signature === undefined ? {} : { 'x-slack-signature': request.signature }),
      ...request.headers,
    };
    const res = await fetch(request.url ?? url('events'), { method: 'POST', body: request.body, headers, redirect: 'manual' });
    return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  };

  return {
    userSays: async (said) => {
      ensureUser(workspace, said.user);
      const channel = ensureChannel(workspace, said.channel, undefined, said.channel.startsWith('D') ? said.user : undefined);
      const parent = said.threadTs === undefined ? undefined : findMessage(workspace, channel.id, said.threadTs);
      if (said.threadTs !== undefined && parent === undefined) throw new Error(`Slack test server: no message ${said.threadTs} in ${channel.id} to reply to`);
      const files = (said.files ?? []).map((file) => {
        const bytes = Buffer.from(file.content);
        const id = workspace.ids.next('F');
        const created = Math.floor(Date.now() / 1000);
        workspace.files.set(id, { id, name: file.name, title: file.name, mimetype: file.mimetype ?? mimetypeOf(file.name), size: bytes.length, bytes, user: said.user, created, channels: [channel.id] });
        workspace.uploads.set(id, { length: bytes.length, received: true });
        return id;
      });
      const message = addMessage(workspace, { channel: channel.id, user: said.user, botId: undefined, text: said.text, blocks: undefined, threadTs: parent === undefined ? undefined : (parent.threadTs ?? parent.ts), files });
      if (parent !== undefined && parent.threadTs === undefined) parent.threadTs = parent.ts;

      const clientMsgId = randomUUID();
      const events: Record<string, unknown>[] = [];
      if (said.text.includes(`<@${workspace.bot.userId}>`) && channel.type !== 'im' && context.events.includes('app_mention')) {
        events.push(appMentionEvent(workspace, message, channel, clientMsgId));
      }
      if (context.events.includes(subscriptionFor(channel.type))) events.push(messageEvent(workspace, message, channel, clientMsgId));
      return { ts: message.ts, deliveries: await Promise.all(events.map(sendEvent)) };
    },

    echo: async (message) => {
      const channel = workspace.channels.get(message.channel);
      if (channel === undefined || !context.events.includes(subscriptionFor(channel.type))) return [];
      const { client_msg_id: _id, blocks: _blocks, ...event } = messageEvent(workspace, message, channel, '');
      return [await sendEvent(message.blocks === undefined ? event : { ...event, blocks: message.blocks })];
    },

    slashCommand: async ({ command, text = '', user, channel: channelId }) => {
      ensureUser(workspace, user);
      const channel = ensureChannel(workspace, channelId, undefined, channelId.startsWith('D') ? user : undefined);
      const target = { channel: channel.id, user, messageTs: undefined };
      const fields = commandFields(workspace, channel, user, command, text, context.responseUrls.issue('commands', target));
      const delivery = await deliver('command', fields, { body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded', url: 'commands' }, { type: 'slash_commands', acceptsResponsePayload: true });
      // A command's ack may carry the reply itself.
      if (delivery.acked && delivery.response !== undefined) context.record(applyResponse(workspace, target, delivery.response, 'ack'));
      return delivery;
    },

    clickButton: async ({ actionId, user, messageTs, value }) => {
      const message = findMessageAnywhere(workspace, messageTs);
      if (message === undefined) throw new Error(`Slack test server: no message with ts ${messageTs}`);
      const found = findButton(message.blocks, actionId);
      if (found === undefined) throw new Error(`Slack test server: message ${messageTs} has no button with action_id ${actionId}`);
      ensureUser(workspace, user);
      const channel = ensureChannel(workspace, message.channel);
      const responseUrl = context.responseUrls.issue('actions', { channel: channel.id, user, messageTs });
      const ownValue = typeof found.button.value === 'string' ? found.button.value : undefined;
      const payload = blockActionsPayload(workspace, channel, message, user, found, value ?? ownValue, responseUrl);
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return deliver('action', payload, { body, contentType: 'application/x-www-form-urlencoded', url: 'interactivity' }, { type: 'interactive', acceptsResponsePayload: false });
    },

    verifyUrl: async () => {
      const challenge = randomUUID().replaceAll('-', '');
      const payload = { token: 'verification-token-unused', challenge, type: 'url_verification' };
      const response = await sendRaw({ body: JSON.stringify(payload) });
      const ok = response.status === 200 && (response.body === challenge || response.body.includes(`"challenge":"${challenge}"`));
      context.deliveries.push({ kind: 'url_verification', transport: 'http', payload, attempts: [{ retryNum: 0, status: response.status, failure: ok ? undefined : 'http_error' }], acked: ok, response: response.body });
      return { ok, challenge, response };
    },

    sendRaw,
  };
}

function subscriptionFor(type: ChannelType): EventSubscription {
  switch (type) {
    case 'channel':
      return 'message.channels';
    case 'group':
      return 'message.groups';
    case 'im':
      return 'message.im';
    case 'mpim':
      return 'message.mpim';
  }
}
