import * as Anthropic from '@anthropic-ai/sdk';
import * as OpenAI from 'openai';

/** What went wrong, whichever of the two SDKs threw it (their error classes mirror each other). */
export type SdkFailure =
  /** The caller's signal ended the call: not a failure of the model. */
  | { type: 'abort'; error: Error }
  | { type: 'timeout' }
  | { type: 'connection'; code: string | undefined }
  /** The server answered with an error status. */
  | { type: 'status'; status: number; said: string; code: string | undefined; headers: Headers | undefined }
  /** An error event inside a streamed answer: no status, only the error's type (overloaded_error …). */
  | { type: 'midstream'; said: string; errorType: string | undefined }
  | { type: 'unknown'; said: string };

export function readSdkFailure(error: unknown): SdkFailure {
  if (error instanceof OpenAI.APIUserAbortError || error instanceof Anthropic.APIUserAbortError) return { type: 'abort', error };
  if (error instanceof Error && error.name === 'AbortError') return { type: 'abort', error };
  // Subclasses before their parents: a timeout is a connection error, and every class here an APIError.
  if (error instanceof OpenAI.APIConnectionTimeoutError || error instanceof Anthropic.APIConnectionTimeoutError) return { type: 'timeout' };
  if (error instanceof OpenAI.APIConnectionError || error instanceof Anthropic.APIConnectionError) return { type: 'connection', code: causeCode(error) };
  // instanceof leaves the classes' type parameters as any: typeof and instanceof narrow them again.
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    return { type: 'status', status: error.status, said: withoutStatus(error.message), code: error.code ?? undefined, headers: headersOf(error.headers) };
  }
  if (error instanceof Anthropic.APIError && typeof error.status === 'number') {
    // Anthropic's message is the whole JSON body; apiMessage is the part meant for people.
    const said = error.apiMessage ?? withoutStatus(error.message);
    return { type: 'status', status: error.status, said, code: error.errorCode ?? error.type ?? undefined, headers: headersOf(error.headers) };
  }
  if (error instanceof OpenAI.APIError) return { type: 'midstream', said: error.message, errorType: error.type };
  if (error instanceof Anthropic.APIError) return { type: 'midstream', said: error.apiMessage ?? error.message, errorType: error.type ?? undefined };
  return { type: 'unknown', said: error instanceof Error ? error.message : String(error) };
}

function headersOf(value: unknown): Headers | undefined {
  return value instanceof Headers ? value : undefined;
}

/** The server's own words, without the status the SDKs put in front. */
function withoutStatus(message: string): string {
  return message.replace(/^\d{3} /, '');
}

/** The system error code (ECONNREFUSED, ENOTFOUND …) somewhere down the chain of causes. */
function causeCode(error: Error): string | undefined {
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 5 && typeof cause === 'object' && cause !== null; depth += 1) {
    if ('code' in cause && typeof cause.code === 'string') return cause.code;
    cause = 'cause' in cause ? cause.cause : undefined;
  }
  return undefined;
}
