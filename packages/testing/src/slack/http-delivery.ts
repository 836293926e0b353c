import { setTimeout as sleep } from 'node:timers/promises';
import { signedHeaders } from './sign.ts';
import type { DeliveryAttempt } from './types.ts';
import { parseJson } from './web-request.ts';

export interface HttpDeliveryConfig {
  signingSecret: string;
  ackTimeoutMs: number;
  retryDelaysMs: number[];
  /** Aborted when the server closes, so no retry outlives it. */
  signal: AbortSignal;
}

export interface HttpOutcome {
  attempts: DeliveryAttempt[];
  acked: boolean;
  response: unknown;
}

/**
 * POSTs a signed request the way Slack does. Events are retried when the app fails, errors or is slower
 * than the ack timeout, with X-Slack-Retry-Num and X-Slack-Retry-Reason, unless the app answered with
 * X-Slack-No-Retry: 1; slash commands and interactions are tried once.
 */
export async function deliverOverHttp(url: string, body: string, contentType: string, retries: boolean, config: HttpDeliveryConfig): Promise<HttpOutcome> {
  const attempts: DeliveryAttempt[] = [];
  const delays = retries ? config.retryDelaysMs : [];
  for (let retryNum = 0; ; retryNum++) {
    const previous = attempts.at(-1);
    const retryHeaders: Record<string, string> =
      previous === undefined ? {} : { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': previous.failure ?? 'unknown_error' };
    const headers = { 'content-type': contentType, 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)', ...signedHeaders(config.signingSecret, body), ...retryHeaders };
    const result = await attempt(url, body, headers, config);
    attempts.push({ retryNum, status: result.status, failure: result.failure });
    if (result.failure === undefined) return { attempts, acked: true, response: result.response };
    const delay = delays[retryNum];
    if (delay === undefined || result.noRetry || config.signal.aborted) return { attempts, acked: false, response: result.response };
    const waited = await sleep(delay, true, { signal: config.signal }).catch(() => false);
    if (!waited) return { attempts, acked: false, response: result.response };
  }
}

interface AttemptResult {
  status: number | undefined;
  failure: string | undefined;
  response: unknown;
  noRetry: boolean;
}

async function attempt(url: string, body: string, headers: Record<string, string>, config: HttpDeliveryConfig): Promise<AttemptResult> {
  const timeout = AbortSignal.timeout(config.ackTimeoutMs);
  try {
    const res = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.any([timeout, config.signal]) });
    const text = await res.text();
    const response = text === '' ? undefined : (parseJson(text) ?? text);
    const noRetry = res.headers.get('x-slack-no-retry') === '1';
    if (res.status >= 300 && res.status < 400) return { status: res.status, failure: 'too_many_redirects', response, noRetry };
    return { status: res.status, failure: res.ok ? undefined : 'http_error', response, noRetry };
  } catch {
    return { status: undefined, failure: timeout.aborted ? 'http_timeout' : 'connection_failed', response: undefined, noRetry: false };
  }
}
