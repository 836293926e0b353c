export { startOpenAIServer } from './openai/server.ts';
export type { OpenAIServer, OpenAIServerOptions, RecordedRequest, ScriptedResponse } from './openai/types.ts';
