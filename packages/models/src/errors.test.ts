import * as Anthropic from '@anthropic-ai/sdk';
import * as OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { explainError } from './errors.ts';
import { ModelError, type ProviderConfig } from './types.ts';

// The SDKs' errors are explained in openai.test.ts and anthropic.test.ts, thrown by real calls; the
// test servers cannot fail in the middle of a stream, so those errors are built here as the SDKs build them.
const provider: ProviderConfig = { id: 'custom', kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1' };
const context = { provider, model: 'm' };

describe('explainError', () => {
  it('lets aborts and already explained errors through as they are', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    expect(explainError(abort, context)).toBe(abort);
    const explained = new ModelError('explained', { kind: 'other', retryable: false });
    expect(explainError(explained, context)).toBe(explained);
  });

  it('explains anything else as a failure not worth retrying', () => {
    const cause = new TypeError('boom');
    const error = explainError(cause, context);
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ message: 'http://127.0.0.1:9/v1 (model "m") failed: boom', kind: 'other', retryable: false, cause });
    expect(explainError('just a string', context).message).toBe('http://127.0.0.1:9/v1 (model "m") failed: just a string');
  });

  it('explains an error event inside a stream by its type', () => {
    const overloaded = new Anthropic.APIError(undefined, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, undefined, new Headers(), 'overloaded_error');
    expect(explainError(overloaded, context)).toMatchObject({
      message: `http://127.0.0.1:9/v1 (model "m") failed while answering (overloaded_error: Overloaded): a problem on the server's side; try again later`,
      kind: 'server',
      retryable: true,
    });
    const limited = new OpenAI.APIError(undefined, { message: 'Slow down', type: 'rate_limit_error' }, undefined, new Headers());
    expect(explainError(limited, context)).toMatchObject({ kind: 'rate_limit', retryable: true });
    const refused = new OpenAI.APIError(undefined, { message: 'Bad content', type: 'invalid_request_error' }, undefined, new Headers());
    expect(explainError(refused, context)).toMatchObject({ kind: 'other', retryable: false });
  });

  it('names only the server when no model was called', () => {
    expect(explainError(new Error('boom'), { provider }).message).toBe('http://127.0.0.1:9/v1 failed: boom');
  });
});
