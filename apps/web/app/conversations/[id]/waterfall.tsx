'use client';

import { useState } from 'react';
import type { Run, Span } from '../api.ts';
import { barGeometry } from './bar-geometry.ts';

const costFormat = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumSignificantDigits: 3 });

/** A bar per span, placed on the run's time axis; a click shows what the node received and produced. */
export function Waterfall({ run, spans }: { run: Run; spans: Span[] }) {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const bars = barGeometry(run, spans);
  const selected = spans.find((span) => span.id === selectedId);
  return (
    <>
      <ol className="waterfall" aria-label="Span waterfall">
        {spans.map((span, index) => {
          const bar = bars[index] ?? { left: 0, width: 100 };
          return (
            <li key={span.id}>
              <button
                type="button"
                className="span-row"
                aria-pressed={span.id === selectedId}
                onClick={() => { setSelectedId(span.id === selectedId ? null : span.id); }}
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
      {selected === undefined ? <p className="muted">Click a span to see its input and output.</p> : <SpanDetail span={selected} />}
    </>
  );
}

function SpanDetail({ span }: { span: Span }) {
  return (
    <section className="span-detail" aria-label={`Span ${span.nodeId}`}>
      <h3>{span.nodeId} <span className="muted">{span.nodeType}</span></h3>
      {span.truncated ? <p className="muted">Large values were truncated when the trace was stored.</p> : null}
      <h4>Input</h4>
      <pre>{formatJson(span.input)}</pre>
      <h4>Output</h4>
      <pre aria-label="Output">{formatJson(span.output)}</pre>
      {span.error === null || span.error === undefined ? null : (
        <>
          <h4>Error</h4>
          <pre className="error">{formatJson(span.error)}</pre>
        </>
      )}
    </section>
  );
}

function formatJson(value: unknown): string {
  return value === undefined || value === null ? 'null' : JSON.stringify(value, null, 2);
}
