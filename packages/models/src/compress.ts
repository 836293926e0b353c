/**
 * Conversation memory that outgrows the model's context: either the older turns are folded into a
 * summary (one system turn, replacing them) or, in truncate mode, simply dropped.
 */
import { estimateMessages, type EstimableMessage } from './tokens.ts';
import { ModelError, type ChatProvider, type TokenUsage } from './types.ts';

/** How a summary turn begins, so it is recognised (and folded again) on the next compression. */
export const SUMMARY_PREFIX = 'Summary of the earlier conversation:';

const INSTRUCTION = [
  'You maintain the memory of a chat between a user and an assistant.',
  'Summarise the conversation you are given in a few short paragraphs or bullet points, in the language the conversation uses.',
  'Keep: the names of people, places and things; facts the user stated; decisions and commitments made; preferences; questions still open.',
  'Leave out greetings, small talk and anything repeated. If an earlier summary is given, fold it in: the result replaces it.',
  'Answer with the summary only.',
].join('\n');

export interface CompressionOptions {
  /** The model's context window in tokens (contextWindowOf). */
  contextWindow: number;
  /** The share of the window at which to compress, e.g. 0.75. */
  threshold: number;
  /** How many of the latest turns are always kept verbatim. */
  keepRecent: number;
  /** Room held back for what is sent besides the history: system prompt, tools, the answer. */
  reserveTokens: number;
}

export interface CompressionPlan<T> {
  /** The turns to summarise or drop, oldest first, without any earlier summary. */
  older: T[];
  /** The turns to keep as they are. */
  recent: T[];
  /** The text of the summary already in the history (without its prefix), to be folded in. */
  previousSummary?: string;
}

export function isSummary(turn: { role: string; content: unknown }): boolean {
  return turn.role === 'system' && typeof turn.content === 'string' && turn.content.startsWith(SUMMARY_PREFIX);
}

/** The memory turn that stands for the summarised turns. */
export function summaryTurn(summary: string): { role: 'system'; content: string } {
  return { role: 'system', content: `${SUMMARY_PREFIX}\n${summary}` };
}

/** Whether the history with its reserve reaches `threshold` of the window (estimated tokens). */
export function needsCompression(history: readonly EstimableMessage[], { contextWindow, threshold, reserveTokens }: CompressionOptions): boolean {
  return estimateMessages(history) + reserveTokens >= threshold * contextWindow;
}

/**
 * Undefined while the history stays under the threshold, or when everything in it is recent;
 * else which turns to keep and which to compress. Tool results stay with the call they answer.
 */
export function planCompression<T extends EstimableMessage>(history: readonly T[], options: CompressionOptions): CompressionPlan<T> | undefined {
  if (!needsCompression(history, options)) return undefined;
  const start = recentStart(history, Math.max(0, history.length - options.keepRecent));
  const earlier = history.slice(0, start);
  const older = earlier.filter((turn) => !isSummary(turn));
  if (older.length === 0) return undefined;
  const previous = earlier.findLast((turn) => isSummary(turn));
  const plan: CompressionPlan<T> = { older, recent: history.slice(start) };
  if (previous !== undefined && typeof previous.content === 'string') plan.previousSummary = previous.content.slice(SUMMARY_PREFIX.length).trim();
  return plan;
}

/** Moves a cut back so the kept part does not begin with tool results cut off from their call. */
function recentStart(history: readonly EstimableMessage[], start: number): number {
  let cut = start;
  while (cut > 0 && history[cut]?.role === 'tool') cut -= 1;
  return cut;
}

/**
 * Truncate mode: the recent turns only, and fewer still while they alone are over the threshold
 * (the latest turn is always kept).
 */
export function truncate<T extends EstimableMessage>(history: readonly T[], options: CompressionOptions): T[] {
  const plan = planCompression(history, options);
  let kept = plan === undefined ? [...history] : plan.recent;
  while (kept.length > 1 && needsCompression(kept, options)) {
    let cut = 1;
    while (cut < kept.length - 1 && kept[cut]?.role === 'tool') cut += 1;
    kept = kept.slice(cut);
  }
  return kept;
}

export interface Summary {
  /** The model's summary text. */
  summary: string;
  /** The system turn to put in place of the older turns (SUMMARY_PREFIX, then the summary). */
  turn: { role: 'system'; content: string };
  usage: TokenUsage;
}

/** Asks the model to summarise `older`, folding in the previous summary when there is one. */
export async function summarise(
  provider: ChatProvider,
  model: string,
  older: readonly EstimableMessage[],
  { signal, previousSummary, maxTokens = 1024 }: { signal?: AbortSignal; previousSummary?: string; maxTokens?: number } = {},
): Promise<Summary> {
  const parts = previousSummary === undefined ? [] : [`Earlier summary:\n${previousSummary}`, ''];
  parts.push('Conversation:', ...older.map((turn) => transcriptLine(turn)));
  const result = await provider.chat(
    {
      model,
      maxTokens,
      messages: [
        { role: 'system', content: INSTRUCTION },
        { role: 'user', content: parts.join('\n') },
      ],
    },
    { signal },
  );
  const summary = result.text.trim();
  if (summary === '') {
    throw new ModelError(`${provider.config.id} (model "${model}") returned an empty summary: the history was left as it was`, { kind: 'other', retryable: true });
  }
  return { summary, turn: summaryTurn(summary), usage: result.usage };
}

function transcriptLine(turn: EstimableMessage): string {
  const text = typeof turn.content === 'string' ? turn.content : turn.content.map((part) => (part.type === 'text' ? part.text : '[image]')).join(' ');
  const calls = (turn.toolCalls ?? []).map((call) => `\n  (called ${call.name} with ${typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments)})`);
  const speaker = turn.role === 'user' ? 'User' : turn.role === 'assistant' ? 'Assistant' : turn.role === 'tool' ? 'Tool result' : 'Note';
  return `${speaker}: ${text}${calls.join('')}`;
}
