'use client';

import type { FlowSummary } from '@switchboard/runtime';
import { useEffect, useState } from 'react';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; flows: FlowSummary[] };

function isFlowSummary(value: unknown): value is FlowSummary {
  return typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string' && 'name' in value;
}

/** The API answers `{ items: FlowSummary[] }`; anything else means a proxy or an old server answered. */
function readFlows(body: unknown): FlowSummary[] {
  if (typeof body === 'object' && body !== null && 'items' in body && Array.isArray(body.items)) {
    const items: unknown[] = body.items;
    if (items.every(isFlowSummary)) return items;
  }
  throw new Error('the server answered with something that is not a list of flows');
}

async function fetchFlows(): Promise<FlowSummary[]> {
  const response = await fetch('/api/v1/flows', { headers: { accept: 'application/json' } });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const detail =
      typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object' && body.error !== null && 'message' in body.error
        ? String(body.error.message)
        : response.statusText;
    throw new Error(`${response.status} ${detail}`);
  }
  return readFlows(body);
}

const updatedFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function FlowList() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true; // ignore an answer that arrives after a retry or an unmount
    fetchFlows().then(
      (flows) => { if (current) setState({ kind: 'ready', flows }); },
      (error: unknown) => { if (current) setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) }); },
    );
    return () => { current = false; };
  }, [attempt]);

  switch (state.kind) {
    case 'loading':
      return <p className="muted">Loading flows…</p>;
    case 'error':
      return (
        <div role="alert">
          <p className="error">Could not load the flows: {state.message}</p>
          <button type="button" onClick={() => { setState({ kind: 'loading' }); setAttempt((n) => n + 1); }}>
            Try again
          </button>
        </div>
      );
    case 'ready':
      return state.flows.length === 0 ? <EmptyState /> : <FlowTable flows={state.flows} />;
  }
}

function FlowTable({ flows }: { flows: FlowSummary[] }) {
  return (
    <table>
      <thead>
        <tr><th>Name</th><th>Published version</th><th>Updated</th></tr>
      </thead>
      <tbody>
        {flows.map((flow) => (
          <tr key={flow.id}>
            <td><a href={`/flows/${flow.id}`}>{flow.name}</a></td>
            <td>{flow.publishedVersion === null ? <span className="muted">not published</span> : `v${flow.publishedVersion}`}</td>
            <td>{updatedFormat.format(new Date(flow.updatedAt))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EmptyState() {
  const origin = window.location.origin;
  return (
    <div>
      <p>No flows yet. Import a flow document, then publish it:</p>
      <pre>
        {`curl -X POST ${origin}/api/v1/flows -H 'content-type: application/json' --data @my-flow.json\n`}
        {`curl -X POST ${origin}/api/v1/flows/<flow id from the answer>/publish`}
      </pre>
      <p className="muted">Then talk to it:</p>
      <pre>
        {`curl -X POST ${origin}/api/v1/flows/<flow id>/chat -H 'content-type: application/json' \\\n  --data '{"conversationId":"demo","text":"hello"}'`}
      </pre>
    </div>
  );
}
