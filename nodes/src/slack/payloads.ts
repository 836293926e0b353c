import { z } from 'zod';

// What Slack sends, as far as the adapter reads it; Slack adds fields freely, so every shape is loose.

export const UrlVerification = z.looseObject({ type: z.literal('url_verification'), challenge: z.string() });

export const EventCallback = z.looseObject({
  type: z.literal('event_callback'),
  event: z.looseObject({ type: z.string() }),
});

export const SlackFile = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  mimetype: z.string().nullish(),
  size: z.number().nullish(),
  /** `slack_audio` and `slack_video` for clips recorded in Slack. */
  subtype: z.string().nullish(),
  duration_ms: z.number().nullish(),
});
export type SlackFile = z.output<typeof SlackFile>;

/** A `message` or `app_mention` event a person wrote. */
export const UserMessageEvent = z.looseObject({
  type: z.enum(['message', 'app_mention']),
  subtype: z.string().nullish(),
  user: z.string(),
  bot_id: z.string().nullish(),
  channel: z.string(),
  channel_type: z.string().nullish(),
  text: z.string().nullish(),
  ts: z.string(),
  thread_ts: z.string().nullish(),
  /** Who started the thread a reply is in. */
  parent_user_id: z.string().nullish(),
  files: z.array(SlackFile).nullish(),
});
export type UserMessageEvent = z.output<typeof UserMessageEvent>;

/** A slash command's fields: form-encoded over HTTP, a JSON object over Socket Mode. */
export const SlashCommand = z.looseObject({
  command: z.string().startsWith('/'),
  text: z.string().default(''),
  user_id: z.string(),
  user_name: z.string().optional(),
  channel_id: z.string(),
  channel_name: z.string().optional(),
  trigger_id: z.string(),
});
export type SlashCommand = z.output<typeof SlashCommand>;

export const BlockActions = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({ id: z.string(), username: z.string().nullish(), name: z.string().nullish() }),
  container: z.looseObject({ channel_id: z.string().nullish(), message_ts: z.string().nullish(), thread_ts: z.string().nullish() }).nullish(),
  channel: z.looseObject({ id: z.string(), name: z.string().nullish() }).nullish(),
  message: z.looseObject({ ts: z.string(), text: z.string().nullish(), thread_ts: z.string().nullish() }).nullish(),
  actions: z.array(z.looseObject({ type: z.string(), action_id: z.string(), value: z.string().nullish(), action_ts: z.string().nullish() })).default([]),
});
export type BlockActions = z.output<typeof BlockActions>;
