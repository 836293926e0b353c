import { createHash } from 'node:crypto';
import type { ChatTurn, NodeRunContext, Persona, Usage } from '@switchboard/flow-schema';
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
  isSummary,
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
  const key = `${config.kind} ${config.id} ${baseUrl} ${timeoutMs} ${fingerprint(apiKey)}`;
  const known = providers.get(key);
  if (known !== undefined) return known;
  const provider = newProvider(config);
  if (providers.size >= MAX_PROVIDERS) providers.delete(providers.keys().next().value ?? '');
  providers.set(key, provider);
  return provider;
}

/**
 * Providers made so far, by everything that tells them apart: an SDK client is costly to build (it
 * reads the environment, sets up headers and a fetch wrapper) and holds nothing of one call, so every
 * turn calling one model shares one.
 */
const providers = new Map<string, ChatProvider>();
const MAX_PROVIDERS = 256;

function newProvider(config: ProviderConfig): ChatProvider {
  switch (config.kind) {
    case 'anthropic':
      return createAnthropicProvider(config);
    case 'openai':
      return createOpenAIProvider(config);
  }
}

function fingerprint(apiKey: string | undefined): string {
  return apiKey === undefined ? 'no-key' : createHash('sha256').update(apiKey).digest('hex').slice(0, 16);
}

/** The key of a fallback's own credential; a missing one is a configuration error, not a failed call. */
function fallbackKey(ctx: Ctx, credentialId: string): string | undefined {
  const credential = ctx.credentialById(credentialId);
  if (credential === undefined) throw new PermanentNodeError(`a fallback's credential ${credentialId} does not exist any more: choose another in the node's fallbacks`);
  return readApiKey(credential);
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
  const { services } = ctx;
  const library = services.persona ? (wanted?: string) => services.persona?.(wanted) ?? Promise.resolve(undefined) : undefined;
  if (ref !== '') {
    const persona = library ? await library(ref) : undefined;
    if (!persona) {
      throw new PermanentNodeError(library ? `no persona "${ref}" in the library: create it on the Personas page, or fix the name` : `persona "${ref}" cannot be used here: this server has no persona library`);
    }
    return withPersona(ctx, persona);
  }
  // The persona the conversation switched to (the persona node sets `vars.persona`), else the channel's.
  // One deleted since is passed over: the conversation goes on with the channel's.
  const switched = typeof ctx.vars.persona === 'string' && ctx.vars.persona !== '' && library ? await library(ctx.vars.persona) : undefined;
  return withPersona(ctx, switched ?? (library ? await library() : undefined));
}

function withPersona(ctx: Ctx, persona: Persona | undefined): { system: string | undefined; persona: string | undefined } {
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
  if (ctx.config.dailyBudgetUsd !== undefined) requirePrices(ctx);
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

/** A budget counts cost: a model without a price would spend without limit, so say so instead. */
function requirePrices(ctx: Ctx): void {
  const { config } = ctx;
  const overrides = Object.fromEntries(config.prices.map((price) => [price.model, { input: price.input, output: price.output }]));
  const models = [
    { provider: config.provider, model: config.model },
    ...(config.cheaperModel === undefined ? [] : [{ provider: config.provider, model: config.cheaperModel }]),
    ...config.fallbacks,
  ];
  const unpriced = models.filter((target) => priceOf(target.model, { presetId: target.provider, overrides }) === undefined).map((target) => target.model);
  if (unpriced.length > 0) {
    throw new PermanentNodeError(`this node has a daily budget, but no price for ${unpriced.map((model) => `"${model}"`).join(', ')}: add ${unpriced.length > 1 ? 'them' : 'it'} under Prices (US dollars per million tokens), or remove the budget`);
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
  const chain = [{ provider: config.provider, baseUrl: config.baseUrl, model: options.model ?? config.model, credentialId: undefined }, ...config.fallbacks];
  const targets = chain.map((target) => {
    const provider = providerFor(target, target.credentialId === undefined ? apiKey : fallbackKey(ctx, target.credentialId), config.attemptTimeoutMs);
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
  // Answers paid for with one key are not handed to a node using another.
  const key = config.cache ? cacheKey(`${first.provider.config.id} ${first.provider.config.baseUrl} ${fingerprint(apiKey)}`, { ...request, model: first.model }) : undefined;
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
  /** Set when a summary was due but could not be made (the older turns were dropped instead). */
  failed?: string;
}

/** At most this many turns beyond the memory window are folded into a summary at once. */
const MAX_FOLDED_TURNS = 200;

/**
 * The remembered conversation to send: the latest summary (kept whatever the window), then the last
 * `memoryLimit` turns after it. When that passes `compressAt` of the context window, everything before
 * the `keepRecent` latest turns (the turns beyond the window too, up to a bound) is summarised by the
 * model, or dropped, and memory rewritten as the new summary and the recent turns. A summary that
 * cannot be made (the model failing) falls back to dropping: a long conversation must not get stuck.
 */
export async function historyFor(ctx: Ctx, provider: ChatProvider, model: string, system: string | undefined, prompt: string): Promise<History> {
  const { config } = ctx;
  if (!config.useMemory) return { messages: [], summary: undefined };
  const all = ctx.memory.read();
  const last = all.findLastIndex((turn) => isSummary(turn));
  const summary = last >= 0 ? all[last] : undefined;
  const after = all.slice(last + 1);
  const window = after.slice(-config.memoryLimit);
  const sent: ChatTurn[] = summary === undefined ? window : [summary, ...window];
  if (config.compression === 'off' || window.length === 0) return { messages: sent.map(toMessage), summary: undefined };
  const plan = planCompression(sent, {
    contextWindow: config.contextWindow ?? contextWindowOf(config.provider, model),
    threshold: config.compressAt,
    keepRecent: config.keepRecent,
    reserveTokens: (config.maxTokens ?? 1024) + Math.ceil(((system?.length ?? 0) + prompt.length) / 4),
  });
  if (!plan) return { messages: sent.map(toMessage), summary: undefined };
  const recent: ChatTurn[] = [...plan.recent];
  const keep = (turns: ChatTurn[]): void => {
    ctx.memory.clear();
    ctx.memory.append(...turns);
  };
  if (config.compression === 'truncate') {
    keep(recent);
    return { messages: recent.map(toMessage), summary: undefined };
  }
  const beyondWindow = after.slice(0, after.length - window.length).slice(-MAX_FOLDED_TURNS);
  const older = [...beyondWindow, ...plan.older];
  const previous = plan.previousSummary === undefined ? {} : { previousSummary: plan.previousSummary };
  let summarised: Awaited<ReturnType<typeof summarise>>;
  try {
    summarised = await summarise(provider, model, older, { signal: ctx.signal, ...previous });
  } catch (error) {
    ctx.signal.throwIfAborted();
    // Dropping the older turns keeps the conversation going; the trace says why there is no summary.
    keep(summary === undefined ? recent : [summary, ...recent]);
    const reason = error instanceof Error ? error.message : String(error);
    return { messages: (summary === undefined ? recent : [summary, ...recent]).map(toMessage), summary: undefined, failed: `could not summarise the conversation, so its older turns were dropped: ${reason}` };
  }
  ctx.usage(priced(ctx, provider, { model, usage: summarised.usage }));
  keep([summarised.turn, ...recent]);
  return { messages: [summarised.turn, ...recent].map(toMessage), summary: summarised.turn.content };
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
