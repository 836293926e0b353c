import type { ChatTurn, NodeRunContext, Usage } from '@switchboard/flow-schema';
import { PermanentNodeError } from '@switchboard/flow-schema';
import {
  ModelError,
  budgetMessage,
  callWithFallback,
  checkBudget,
  contextWindowOf,
  costUsd,
  createAnthropicProvider,
  createOpenAIProvider,
  cacheKey,
  findPreset,
  limiterFor,
  limiterKey,
  planCompression,
  priceOf,
  responseCache,
  summarise,
  type ChatMessage,
  type ChatProvider,
  type ChatRequest,
  type ChatResult,
  type ProviderConfig,
} from '@switchboard/models';
import { openaiCredential } from '../credentials.ts';
import type { ModelConfig, TargetConfig } from './config.ts';

type Ctx = NodeRunContext<ModelConfig>;

/** The provider a target names, with the node's key; the SDK objects are cheap, the limiter is shared. */
export function providerFor(target: Pick<TargetConfig, 'provider' | 'baseUrl'>, apiKey: string | undefined, timeoutMs: number): ChatProvider {
  const preset = findPreset(target.provider);
  const baseUrl = target.baseUrl ?? preset?.baseUrl;
  if (baseUrl === undefined || baseUrl === '') {
    throw new PermanentNodeError(`provider "${target.provider}" has no address: fill in the base URL (for example http://127.0.0.1:8000/v1)`);
  }
  const config: ProviderConfig = { id: target.provider, kind: preset?.kind ?? 'openai', baseUrl, timeoutMs, ...(apiKey === undefined ? {} : { apiKey }) };
  switch (config.kind) {
    case 'anthropic':
      return createAnthropicProvider(config);
    case 'openai':
      return createOpenAIProvider(config);
  }
}

export function readApiKey(credential: Readonly<Record<string, string>> | undefined): string | undefined {
  if (credential === undefined) return undefined;
  const parsed = openaiCredential.secrets.safeParse(credential);
  if (!parsed.success) throw new PermanentNodeError('the credential has no API key: edit it and fill in "apiKey"');
  return parsed.data.apiKey;
}

/** The system prompt: the persona's (and its style), then the node's own instructions. */
export async function systemPromptFor(ctx: Ctx): Promise<{ system: string | undefined; persona: string | undefined }> {
  const ref = ctx.config.persona.trim();
  // A persona the conversation switched to (the persona node sets `vars.persona`) wins over the channel's.
  const switched = typeof ctx.vars.persona === 'string' && ctx.vars.persona !== '' ? ctx.vars.persona : undefined;
  const wanted = ref === '' ? switched : ref;
  const persona = ctx.services.persona ? await ctx.services.persona(wanted) : undefined;
  if (wanted !== undefined && persona === undefined) {
    throw new PermanentNodeError(
      ctx.services.persona ? `no persona "${wanted}" in the library: create it on the Personas page, or fix the name` : `persona "${wanted}" cannot be used here: this server has no persona library`,
    );
  }
  const parts = [persona?.systemPrompt, persona?.style ? `Style: ${persona.style}` : undefined, ctx.config.systemPrompt].filter(
    (part): part is string => part !== undefined && part.trim() !== '',
  );
  return { system: parts.length > 0 ? parts.join('\n\n') : undefined, persona: persona?.name };
}

export interface Prepared {
  primary: ChatProvider;
  apiKey: string | undefined;
}

/** Usage of one call as the span records it, priced from the table (operator overrides first). */
export function priced(ctx: Ctx, provider: ChatProvider, result: Pick<ChatResult, 'model' | 'usage'>): Usage {
  const overrides = Object.fromEntries(ctx.config.prices.map((price) => [price.model, { input: price.input, output: price.output }]));
  const price = priceOf(result.model, { presetId: provider.config.id, overrides });
  const usage: Usage = { model: result.model, inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens };
  if (price) usage.costUsd = costUsd(result.usage, price);
  return usage;
}

export interface BudgetReached {
  spentUsd: number;
  limitUsd: number;
  action: ModelConfig['onBudget'];
  message: string;
}

/** Whether this flow's daily budget is spent; undefined when there is no budget or it is not reached. */
export async function budgetReached(ctx: Ctx): Promise<BudgetReached | undefined> {
  const limitUsd = ctx.config.dailyBudgetUsd;
  if (limitUsd === undefined) return undefined;
  if (!ctx.services.spentToday) throw new PermanentNodeError('this node has a daily budget, but this server keeps no spending ledger: remove the budget or run it on a Switchboard server');
  const spentUsd = await ctx.services.spentToday();
  const decision = checkBudget({ spentTodayUsd: spentUsd, limitUsd });
  if (decision.ok) return undefined;
  return { spentUsd, limitUsd, action: ctx.config.onBudget, message: budgetMessage({ spentUsd, limitUsd }) };
}

/**
 * What the daily budget decides before a model call: go on (with the cheaper model once it is spent),
 * or answer without calling a model; `stop` fails the node with the reason. `budget` goes out of the
 * node's budget port, so the trace shows that the limit was reached.
 */
export async function budgetGate(
  ctx: Ctx,
): Promise<{ kind: 'call'; model: string | undefined; budget: Record<string, unknown> | undefined } | { kind: 'answer'; text: string; budget: Record<string, unknown> }> {
  const reached = await budgetReached(ctx);
  if (!reached) return { kind: 'call', model: undefined, budget: undefined };
  const budget = { spentUsd: reached.spentUsd, limitUsd: reached.limitUsd, action: reached.action };
  switch (reached.action) {
    case 'stop':
      throw new PermanentNodeError(reached.message);
    case 'reply':
      return { kind: 'answer', text: ctx.config.budgetReply, budget };
    case 'cheaper': {
      const model = ctx.config.cheaperModel;
      if (model === undefined) throw new PermanentNodeError(`${reached.message}, and no cheaper model is set: fill in "Cheaper model" or choose another action`);
      return { kind: 'call', model, budget: { ...budget, model } };
    }
  }
}

export interface ModelAnswer {
  result: ChatResult;
  provider: ChatProvider;
  cached: boolean;
  /** Every attempt, for the trace: which provider and model, and how it failed. */
  attempts: { provider: string; model: string; tries: number; error?: string }[];
}

/**
 * One model call with everything around it: the shared rate limiter, retries honouring Retry-After,
 * the fallback chain, the optional cache, and the usage (with cost) recorded on the span.
 */
export async function callModel(ctx: Ctx, request: Omit<ChatRequest, 'model'>, options: { model?: string; stream: boolean }): Promise<ModelAnswer> {
  const { config } = ctx;
  const apiKey = readApiKey(ctx.credential);
  const chain = [{ provider: config.provider, baseUrl: config.baseUrl, model: options.model ?? config.model }, ...config.fallbacks];
  const targets = chain.map((target) => {
    const provider = providerFor(target, apiKey, config.attemptTimeoutMs);
    const limits = {
      ...(config.maxConcurrent === undefined ? {} : { maxConcurrent: config.maxConcurrent }),
      ...(config.requestsPerMinute === undefined ? {} : { requestsPerMinute: config.requestsPerMinute }),
      ...(config.tokensPerMinute === undefined ? {} : { tokensPerMinute: config.tokensPerMinute }),
    };
    const limited = Object.keys(limits).length > 0;
    return { provider, model: target.model, ...(limited ? { limiter: limiterFor(limiterKey(provider.config), limits) } : {}) };
  });
  const first = targets[0];
  if (first === undefined) throw new Error('no model to call');
  const key = config.cache ? cacheKey(first.provider.config.baseUrl, { ...request, model: first.model }) : undefined;
  if (key !== undefined) {
    const hit = responseCache.get(key);
    if (hit) {
      ctx.usage({ model: hit.model, inputTokens: 0, outputTokens: 0, costUsd: 0 });
      if (options.stream && hit.text !== '') ctx.token(hit.text);
      return { result: hit, provider: first.provider, cached: true, attempts: [] };
    }
  }
  try {
    const outcome = await callWithFallback(targets, request, {
      retries: config.retries,
      signal: ctx.signal,
      timeoutMs: config.attemptTimeoutMs,
      ...(options.stream
        ? {
            onToken: (token: string) => {
              ctx.token(token);
            },
          }
        : {}),
    });
    const used = targets[outcome.targetIndex] ?? first;
    ctx.usage(priced(ctx, used.provider, outcome.result));
    if (key !== undefined && outcome.targetIndex === 0) responseCache.set(key, outcome.result);
    return {
      result: outcome.result,
      provider: used.provider,
      cached: false,
      attempts: outcome.attempts.map((attempt) => ({
        provider: attempt.providerId,
        model: attempt.model,
        tries: attempt.tries,
        ...(attempt.error === undefined ? {} : { error: attempt.error.message }),
      })),
    };
  } catch (error) {
    ctx.signal.throwIfAborted(); // the engine's timeout or cancellation says more than "Request was aborted."
    // Nothing more to try: the engine must not start over what the chain already retried.
    if (error instanceof ModelError) throw new PermanentNodeError(error.message, { cause: error });
    throw error;
  }
}

/** The prompt: the configured one, or the incoming message's text. */
export function promptOf(ctx: Ctx): string {
  const prompt = ctx.config.prompt.trim() === '' ? ctx.event.text : ctx.config.prompt;
  if (prompt.trim() === '') throw new PermanentNodeError('nothing to ask: the prompt is empty and so is the incoming message\'s text; write a prompt');
  return prompt;
}

export interface History {
  messages: ChatMessage[];
  /** Set when the history was compressed in this call: the summary now stored in memory. */
  summary: string | undefined;
}

/**
 * The remembered conversation to send. When it passes `compressAt` of the context window, the older
 * turns are summarised by the model (or dropped), the recent ones kept, and memory rewritten to match.
 */
export async function historyFor(ctx: Ctx, provider: ChatProvider, system: string | undefined, prompt: string): Promise<History> {
  const { config } = ctx;
  if (!config.useMemory) return { messages: [], summary: undefined };
  const turns = ctx.memory.read(config.memoryLimit);
  if (config.compression === 'off' || turns.length === 0) return { messages: turns.map(toMessage), summary: undefined };
  const contextWindow = config.contextWindow ?? contextWindowOf(config.provider, config.model);
  const plan = planCompression(turns, {
    contextWindow,
    threshold: config.compressAt,
    keepRecent: config.keepRecent,
    reserveTokens: (config.maxTokens ?? 1024) + Math.ceil(((system?.length ?? 0) + prompt.length) / 4),
  });
  if (!plan) return { messages: turns.map(toMessage), summary: undefined };
  const recent: ChatTurn[] = [...plan.recent];
  if (config.compression === 'truncate') {
    ctx.memory.clear();
    ctx.memory.append(...recent);
    return { messages: recent.map(toMessage), summary: undefined };
  }
  const previous = plan.previousSummary === undefined ? {} : { previousSummary: plan.previousSummary };
  const summarised = await summarise(provider, config.model, plan.older, { signal: ctx.signal, ...previous }).catch((error: unknown) => {
    ctx.signal.throwIfAborted();
    throw error instanceof ModelError ? new Error(`could not summarise the conversation to fit the context window: ${error.message}`, { cause: error }) : error;
  });
  ctx.usage(priced(ctx, provider, { model: config.model, usage: summarised.usage }));
  const summary: ChatTurn = summarised.turn;
  ctx.memory.clear();
  ctx.memory.append(summary, ...recent);
  return { messages: [summary, ...recent].map(toMessage), summary: summary.content };
}

function toMessage(turn: ChatTurn): ChatMessage {
  switch (turn.role) {
    case 'user':
      return { role: 'user', content: turn.content };
    case 'assistant':
      return { role: 'assistant', content: turn.content };
    case 'system':
      return { role: 'system', content: turn.content };
  }
}

/** A JSON Schema object written in a config field; `what` names the field in the error ("the response schema"). */
export function parseJsonSchema(source: string, what: string): Record<string, unknown> {
  let schema: unknown;
  try {
    schema = JSON.parse(source);
  } catch (error) {
    throw new PermanentNodeError(`${what} is not JSON (${error instanceof Error ? error.message : String(error)}): write a JSON Schema object`);
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new PermanentNodeError(`${what} must be a JSON Schema object, e.g. {"type":"object","properties":{"city":{"type":"string"}}}`);
  }
  return Object.fromEntries(Object.entries(schema));
}
