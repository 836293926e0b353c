// The playground's REST calls: one streamed turn of the draft, and a reset. Every line is checked here.
import { z } from 'zod';
import { ApiError, apiErrorOf } from '../../http-client.ts';
import type { Problem } from './api.ts';

const Reply = z.object({ id: z.string(), nodeId: z.string(), text: z.string() });
const Span = z.object({
  nodeId: z.string(),
  nodeType: z.string(),
  status: z.enum(['ok', 'error', 'suspended']),
  iteration: z.string().nullable(),
  input: z.unknown(),
  output: z.unknown(),
  error: z.string().nullable(),
  durationMs: z.number(),
});
const Result = z.object({
  type: z.literal('result'),
  status: z.enum(['completed', 'waiting', 'failed']),
  replies: z.array(Reply),
  error: z.object({ nodeId: z.string().optional(), message: z.string() }).optional(),
  waiting: z.object({ kind: z.enum(['ask', 'delay']), resumeAt: z.number().optional() }).optional(),
  spans: z.array(Span),
});
const Line = z.discriminatedUnion('type', [
  z.object({ type: z.literal('node.started'), nodeId: z.string() }),
  z.object({ type: z.literal('node.finished'), nodeId: z.string(), status: z.enum(['ok', 'error', 'suspended']) }),
  z.object({ type: z.literal('token'), nodeId: z.string(), text: z.string() }),
  z.object({ type: z.literal('reply'), reply: Reply }),
  Result,
  z.object({ type: z.literal('error'), error: z.object({ message: z.string() }) }),
]);
const Problems = z.array(z.object({ nodeId: z.string().optional(), field: z.string().optional(), message: z.string() }));

export type PlaygroundLine = z.infer<typeof Line>;
export type PlaygroundResult = z.infer<typeof Result>;
export type PlaygroundSpan = z.infer<typeof Span>;

function flowPath(flowId: string): string {
  return `/api/v1/flows/${encodeURIComponent(flowId)}/playground`;
}

/** The problems a 422 'compile_failed' lists, if that is what the error is. */
export function problemsOf(error: unknown): Problem[] {
  if (!(error instanceof ApiError) || error.status !== 422) return [];
  const problems = Problems.safeParse(error.details);
  return problems.success ? problems.data : [];
}

/** Sends one message (or a timer) and calls `onLine` for each streamed line; resolves with the result. */
export async function sendPlayground(
  flowId: string,
  body: { sessionId: string; text: string; kind: 'message' | 'timer' },
  onLine: (line: PlaygroundLine) => void,
): Promise<PlaygroundResult> {
  const response = await fetch(`${flowPath(flowId)}?stream=1`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (!response.ok || !response.body) throw await apiErrorOf(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let result: PlaygroundResult | undefined;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    let end = buffer.indexOf('\n');
    while (end >= 0) {
      const line = Line.parse(JSON.parse(buffer.slice(0, end)));
      buffer = buffer.slice(end + 1);
      end = buffer.indexOf('\n');
      if (line.type === 'error') throw new Error(line.error.message);
      if (line.type === 'result') result = line;
      onLine(line);
    }
  }
  if (!result) throw new Error('the playground answer ended without a result');
  return result;
}

export async function resetPlayground(flowId: string, sessionId: string): Promise<void> {
  const response = await fetch(`${flowPath(flowId)}/${encodeURIComponent(sessionId)}`, { method: 'DELETE' });
  if (!response.ok) throw new Error(`could not reset the playground: ${response.status} ${response.statusText}`);
}
