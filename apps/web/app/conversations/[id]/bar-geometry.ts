import type { Run, Span } from '../api.ts';

/** The smallest bar drawn, in percent of the axis, so that a sub-millisecond span is still visible. */
const MIN_WIDTH = 1;

/**
 * Where each span's bar sits, in percent of the axis. The axis starts with the first span (the run's
 * own start is earlier by the time spent loading the conversation) and ends with the later of the
 * run's end and the last span's end (a run still going, or clocks a millisecond apart).
 */
export function barGeometry(run: Run, spans: Span[]): { left: number; width: number }[] {
  if (spans.length === 0) return [];
  const starts = spans.map((span) => Date.parse(span.startedAt));
  const origin = Math.min(...starts);
  const runEnd = Date.parse(run.startedAt) + (run.durationMs ?? 0);
  const lastEnd = Math.max(...spans.map((span, index) => (starts[index] ?? origin) + span.durationMs));
  const total = Math.max(runEnd - origin, lastEnd - origin, 1);
  return spans.map((span, index) => {
    const left = clamp((((starts[index] ?? origin) - origin) / total) * 100, 0, 100 - MIN_WIDTH);
    const width = clamp((span.durationMs / total) * 100, MIN_WIDTH, 100 - left);
    return { left, width };
  });
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
