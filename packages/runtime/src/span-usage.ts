/** A stored span's usage, read defensively: the column holds whatever the node reported. */
export interface SpanUsage {
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** The span's usage with missing or malformed figures as 0 and no model as 'unknown'; undefined without usage. */
export function spanUsage(usage: unknown): SpanUsage | undefined {
  if (typeof usage !== 'object' || usage === null) return undefined;
  const model = 'model' in usage && typeof usage.model === 'string' && usage.model !== '' ? usage.model : 'unknown';
  return {
    model,
    inputTokens: Math.round(figure(usage, 'inputTokens')),
    outputTokens: Math.round(figure(usage, 'outputTokens')),
    costUsd: figure(usage, 'costUsd'),
  };
}

function figure(usage: object, key: 'inputTokens' | 'outputTokens' | 'costUsd'): number {
  if (!(key in usage)) return 0;
  const value: unknown = Reflect.get(usage, key);
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
