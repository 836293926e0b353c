import { z } from 'zod';
import type { Handler } from '../context.ts';
import { badRequest, TelegramError } from '../errors.ts';

const updateTypes = z.array(z.string());

function allowedUpdates(params: Parameters<Handler>[0]): string[] | undefined {
  const raw = params.json('allowed_updates', 'allowed updates');
  if (raw === undefined) return undefined;
  const parsed = updateTypes.safeParse(raw);
  if (!parsed.success) throw badRequest("can't parse allowed updates JSON object");
  return parsed.data;
}

export const getUpdates: Handler = async (params, context, signal) => {
  if (context.webhook.config !== undefined) {
    throw new TelegramError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
  }
  const limit = Math.min(Math.max(params.int('limit') ?? 100, 1), 100);
  context.queue.setAllowedUpdates(allowedUpdates(params));
  return context.queue.getUpdates({ offset: params.int('offset'), limit, timeout: params.int('timeout') ?? 0 }, signal);
};

export const setWebhook: Handler = (params, context) => {
  const url = params.string('url') ?? '';
  const drop = params.bool('drop_pending_updates') ?? false;
  if (url === '') return deleteWebhook(params, context, new AbortController().signal);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
  }
  // Telegram demands HTTPS on ports 443, 80, 88, 8443; a local test server cannot, so plain HTTP on any port passes.
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  const secretToken = params.string('secret_token');
  if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) throw badRequest('bad webhook: secret token contains unallowed characters');
  const maxConnections = params.int('max_connections') ?? 40;
  if (maxConnections < 1 || maxConnections > 100) throw badRequest('bad webhook: max_connections must be between 1 and 100');
  context.queue.setAllowedUpdates(allowedUpdates(params));
  if (drop) context.queue.clear();
  context.webhook.set({ url, secretToken, maxConnections });
  return true;
};

export const deleteWebhook: Handler = (params, context) => {
  if (params.bool('drop_pending_updates') === true) context.queue.clear();
  context.webhook.remove();
  return true;
};

export const getWebhookInfo: Handler = (_params, context) => {
  const { config, lastError } = context.webhook;
  const allowed = context.queue.allowedUpdates();
  return {
    url: config?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: context.queue.count,
    ...(config === undefined ? {} : { max_connections: config.maxConnections, ip_address: '127.0.0.1' }),
    ...(lastError === undefined ? {} : { last_error_date: lastError.date, last_error_message: lastError.message }),
    ...(config !== undefined && allowed.length > 0 ? { allowed_updates: allowed } : {}),
  };
};
