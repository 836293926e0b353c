import { describe, expect, it } from 'vitest';
import type { Run, Span } from '../api.ts';
import { barGeometry } from './bar-geometry.ts';

const run: Run = { id: 'r', flowVersionId: 'v', status: 'completed', error: null, steps: 2, startedAt: '2026-01-01T00:00:00.000Z', finishedAt: null, durationMs: 200 };

function span(startMs: number, durationMs: number): Span {
  const startedAt = new Date(Date.parse(run.startedAt) + startMs).toISOString();
  return { id: String(startMs), nodeId: 'n', nodeType: 't', status: 'ok', attempt: 1, iteration: null, input: null, output: null, error: null, startedAt, durationMs, usage: null, truncated: false };
}

describe('barGeometry', () => {
  it('places and sizes each bar relative to the run', () => {
    expect(barGeometry(run, [span(0, 50), span(100, 100)])).toEqual([{ left: 0, width: 25 }, { left: 50, width: 50 }]);
  });

  it('stretches the axis to a span that ends after the run and keeps instant spans visible', () => {
    expect(barGeometry(run, [span(0, 0), span(200, 200)])).toEqual([{ left: 0, width: 1 }, { left: 50, width: 50 }]);
  });

  it('starts the axis at the first span', () => {
    expect(barGeometry(run, [span(50, 50), span(100, 150)])).toEqual([{ left: 0, width: 25 }, { left: 25, width: 75 }]);
  });
});
