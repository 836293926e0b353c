'use client';

import type { Run, Span } from '../api.ts';
import { barGeometry } from './bar-geometry.ts';

const costFormat = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumSignificantDigits: 3 });

/**
 * A bar per span, placed on the run's time axis. The selection lives with the caller, which shares it
 * with the trace canvas: the chosen span's row is pressed, the other runs of the same node are marked.
 */
export function Waterfall({ run, spans, selectedSpanId, selectedNodeId, onSelect }: {
  run: Run;
  spans: Span[];
  selectedSpanId: string | null;
  selectedNodeId: string | null;
  onSelect: (span: Span | null) => void;
}) {
  const bars = barGeometry(run, spans);
  return (
    <ol className="waterfall" aria-label="Span waterfall">
      {spans.map((span, index) => {
        const bar = bars[index] ?? { left: 0, width: 100 };
        const pressed = span.id === selectedSpanId;
        return (
          <li key={span.id}>
            <button
              type="button"
              className={`span-row${span.nodeId === selectedNodeId ? ' same-node' : ''}`}
              aria-pressed={pressed}
              onClick={() => { onSelect(pressed ? null : span); }}
            >
              <span>
                <strong>{span.nodeId}</strong> <span className="muted">{span.nodeType}</span>
              </span>
              <span className="span-track">
                <span
                  className={`span-bar status-${span.status}`}
                  style={{ left: `${bar.left}%`, width: `${bar.width}%` }}
                  title={`${span.durationMs} ms`}
                />
              </span>
              <span className="span-meta">
                <span className={`status status-${span.status}`}>{span.status}</span>
                <span>{span.durationMs} ms</span>
                <span>attempt {span.attempt}</span>
                {span.iteration === null ? null : <span>iteration {span.iteration}</span>}
                {span.usage === null ? null : <span>{span.usage.inputTokens} in / {span.usage.outputTokens} out tokens</span>}
                {span.usage?.costUsd === undefined ? null : <span>{costFormat.format(span.usage.costUsd)}</span>}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
