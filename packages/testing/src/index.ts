export { startOpenAIServer } from './openai/server.ts';
export type { OpenAIServer, OpenAIServerOptions, RecordedRequest, ScriptedResponse } from './openai/types.ts';
export { freePort, startRedisServer } from './redis-server.ts';
export type { RedisServer, RedisServerOptions } from './redis-server.ts';
