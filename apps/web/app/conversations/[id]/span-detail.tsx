'use client';

import type { Span } from '../api.ts';

/** What one node execution received and produced, and its error if it failed. */
export function SpanDetail({ span }: { span: Span }) {
  return (
    <section className="span-detail" aria-label={`Span ${span.nodeId}`}>
      <h3>{span.nodeId} <span className="muted">{span.nodeType}</span></h3>
      {span.truncated ? <p className="muted">Large values were truncated when the trace was stored.</p> : null}
      {span.error === null || span.error === undefined ? null : (
        <>
          <h4>Error</h4>
          <pre className="error" aria-label="Error">{formatJson(span.error)}</pre>
        </>
      )}
      <h4>Input</h4>
      <pre aria-label="Input">{formatJson(span.input)}</pre>
      <h4>Output</h4>
      <pre aria-label="Output">{formatJson(span.output)}</pre>
    </section>
  );
}

function formatJson(value: unknown): string {
  return value === undefined || value === null ? 'null' : JSON.stringify(value, null, 2);
}
