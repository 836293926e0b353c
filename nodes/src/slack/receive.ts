import type { BotIdentity, ChannelContext, HttpDelivery, IngressResult, InboundChannelMessage } from '@switchboard/channels';
import { signingSecretOf, type SlackConfig } from './config.ts';
import { actionMessages, commandMessage, eventCallbackMessage } from './parse.ts';
import { UrlVerification } from './payloads.ts';
import { headerOf, signatureProblem } from './signature.ts';

const NOTHING: IngressResult = { kind: 'answer', status: 200, body: {} };

/**
 * One request from Slack to the channel's webhook: Events API events (JSON), slash commands and
 * interactivity (form-encoded), all signed with the app's signing secret. Retries (X-Slack-Retry-Num)
 * carry the same message ids, so the runtime drops them.
 */
export function receiveDelivery(context: ChannelContext<SlackConfig>, bot: BotIdentity, delivery: HttpDelivery): IngressResult {
  const secret = signingSecretOf(context);
  if (secret === undefined) return { kind: 'refuse', status: 401, reason: 'this Slack channel has no signing secret to check requests with: add it to the channel\'s credential' };
  const problem = signatureProblem(secret, delivery);
  if (problem !== undefined) return { kind: 'refuse', status: 401, reason: problem };

  const contentType = headerOf(delivery, 'content-type') ?? '';
  if (contentType.startsWith('application/x-www-form-urlencoded')) return fromForm(new URLSearchParams(delivery.rawBody), delivery.receivedAt);

  const body = parseJson(delivery.rawBody);
  if (body === undefined) return { kind: 'refuse', status: 400, reason: 'the body is neither JSON nor a form' };
  const verification = UrlVerification.safeParse(body);
  if (verification.success) return { kind: 'answer', status: 200, body: { challenge: verification.data.challenge } };
  return messagesOr(eventCallbackMessage(body, bot));
}

function fromForm(form: URLSearchParams, receivedAt: number): IngressResult {
  const payload = form.get('payload');
  if (payload !== null) {
    const clicks = actionMessages(parseJson(payload), receivedAt);
    return clicks.length > 0 ? { kind: 'messages', messages: clicks } : NOTHING;
  }
  const command = commandMessage(Object.fromEntries(form), receivedAt);
  if (command === undefined) return NOTHING;
  // An empty answer: the reply comes as the bot's message; a text here would show as a second one.
  return { kind: 'messages', messages: [command], answer: { status: 200, body: '' } };
}

function messagesOr(message: InboundChannelMessage | undefined): IngressResult {
  return message === undefined ? NOTHING : { kind: 'messages', messages: [message] };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
