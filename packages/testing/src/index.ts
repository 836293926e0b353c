export { startOpenAIServer } from './openai/server.ts';
export type { OpenAIServer, OpenAIServerOptions, RecordedRequest, ScriptedResponse } from './openai/types.ts';
export { startAnthropicServer } from './anthropic/server.ts';
export type {
  AnthropicServer,
  AnthropicServerOptions,
  ScriptedResponse as AnthropicScriptedResponse,
  StopReason as AnthropicStopReason,
} from './anthropic/types.ts';
export { startTelegramServer } from './telegram/server.ts';
export type {
  ButtonPress as TelegramButtonPress,
  FileInput as TelegramFileInput,
  RecordedCall as TelegramRecordedCall,
  ScriptedFailure as TelegramScriptedFailure,
  SentEvent as TelegramSentEvent,
  SentMedia as TelegramSentMedia,
  TelegramServer,
  TelegramServerOptions,
  UserMessageInput as TelegramUserMessageInput,
  UserSent as TelegramUserSent,
  WebhookAttempt as TelegramWebhookAttempt,
} from './telegram/types.ts';
export { startSlackServer } from './slack/server.ts';
export type {
  ButtonClick as SlackButtonClick,
  Delivery as SlackDelivery,
  DeliveryAttempt as SlackDeliveryAttempt,
  EventSubscription as SlackEventSubscription,
  RawRequest as SlackRawRequest,
  RawResponse as SlackRawResponse,
  RecordedCall as SlackRecordedCall,
  RecordedPost as SlackRecordedPost,
  ScriptedFailure as SlackScriptedFailure,
  SlackServer,
  SlackServerOptions,
  SlashCommand as SlackSlashCommand,
  StoredFile as SlackStoredFile,
  StoredMessage as SlackStoredMessage,
  UserSaid as SlackUserSaid,
  UserSays as SlackUserSays,
} from './slack/types.ts';
export { freePort, startRedisServer } from './redis-server.ts';
export type { RedisServer, RedisServerOptions } from './redis-server.ts';
