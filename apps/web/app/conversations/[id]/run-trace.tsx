'use client';

import { nodeRegistry } from '@switchboard/nodes/definitions';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { getFlow, getFlowVersion, listSpans, timeFormat, type Run, type Span } from '../api.ts';
import { LoadError } from '../query-state.tsx';
import { SpanDetail } from './span-detail.tsx';
import { TraceCanvas } from './trace-canvas.tsx';
import { tracePath, type RunPath } from './trace-path.ts';
import { Waterfall } from './waterfall.tsx';

/** One run, collapsed to a summary line; expanded, the flow version it ran with its path, and its spans. */
export function RunTrace({ run, flowId, defaultOpen = false }: { run: Run; flowId: string; defaultOpen?: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  return (
    <li className="run">
      <button type="button" aria-expanded={open} onClick={() => { setOpen((value) => !value); }}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        <span>Run at {timeFormat.format(new Date(run.startedAt))}</span>
        <span className={`status status-${run.status}`}>{run.status}</span>
        <span className="muted">{run.steps} {run.steps === 1 ? 'step' : 'steps'}</span>
        {run.durationMs === null ? null : <span className="muted">{run.durationMs} ms</span>}
      </button>
      {open ? <RunBody run={run} flowId={flowId} /> : null}
    </li>
  );
}

function RunBody({ run, flowId }: { run: Run; flowId: string }) {
  const flow = useQuery({ queryKey: ['flow', flowId], queryFn: () => getFlow(flowId) });
  const version = flow.data?.versions.find((entry) => entry.id === run.flowVersionId)?.version;
  const versions = `/flows/${encodeURIComponent(flowId)}/versions`;
  return (
    <div className="run-body">
      <p className="muted">
        Ran on flow{' '}
        {version === undefined ? (
          <>version <code>{run.flowVersionId}</code>{flow.isPending ? null : <> (<a href={versions}>versions</a>)</>}</>
        ) : (
          <a href={`${versions}?version=${version}`}>version {version}</a>
        )}
      </p>
      {run.error === null || run.error === undefined ? null : <pre className="error">{JSON.stringify(run.error, null, 2)}</pre>}
      {flow.isError ? <LoadError what="the flow" error={flow.error} retry={() => void flow.refetch()} /> : null}
      <Trace run={run} flowId={flowId} version={version} versionPending={flow.isPending} />
    </div>
  );
}

/** What is picked: a node (from the canvas or a row) and, when it ran, one of its executions. */
interface Selection {
  nodeId: string;
  spanId: string | null;
}

function Trace({ run, flowId, version, versionPending }: { run: Run; flowId: string; version: number | undefined; versionPending: boolean }) {
  const spans = useQuery({ queryKey: ['spans', run.id], queryFn: () => listSpans(run.id) });
  const doc = useQuery({
    queryKey: ['flow-version', flowId, version],
    queryFn: () => getFlowVersion(flowId, version ?? 0),
    enabled: version !== undefined,
    staleTime: Infinity, // published versions never change
  });
  const [selection, setSelection] = useState<Selection | null>(null);
  const path = useMemo(
    (): RunPath | undefined => (doc.data === undefined || spans.data === undefined ? undefined : tracePath(doc.data, nodeRegistry, spans.data.items)),
    [doc.data, spans.data],
  );

  if (spans.isPending) return <p className="muted">Loading the trace…</p>;
  if (spans.isError) return <LoadError what="the trace" error={spans.error} retry={() => void spans.refetch()} />;
  const items = spans.data.items;
  const selectNode = (nodeId: string) => {
    setSelection({ nodeId, spanId: path?.nodes.get(nodeId)?.spans.at(-1)?.id ?? null });
  };
  const selectSpan = (span: Span | null) => {
    setSelection(span === null ? null : { nodeId: span.nodeId, spanId: span.id });
  };

  let canvas;
  if (path !== undefined && doc.data !== undefined) {
    canvas = <TraceCanvas doc={doc.data} path={path} selectedNodeId={selection?.nodeId ?? null} onSelectNode={selectNode} />;
  } else if (doc.isError) {
    canvas = <LoadError what="the flow version" error={doc.error} retry={() => void doc.refetch()} />;
  } else if (version === undefined && !versionPending) {
    canvas = <p className="muted">This run&apos;s flow version is no longer stored, so its path cannot be drawn.</p>;
  } else {
    canvas = <p className="muted">Loading the flow version…</p>;
  }

  return (
    <div className="trace-layout">
      {canvas}
      <div className="trace-side">
        {items.length === 0 ? (
          <p className="muted">No node ran in this run.</p>
        ) : (
          <Waterfall run={run} spans={items} selectedSpanId={selection?.spanId ?? null} selectedNodeId={selection?.nodeId ?? null} onSelect={selectSpan} />
        )}
        <Selected selection={selection} spans={items} onPick={selectSpan} />
      </div>
    </div>
  );
}

function Selected({ selection, spans, onPick }: { selection: Selection | null; spans: Span[]; onPick: (span: Span) => void }) {
  if (selection === null) return <p className="muted">Click a node on the canvas or a span to see its input and output.</p>;
  const executions = spans.filter((span) => span.nodeId === selection.nodeId);
  const span = executions.find((candidate) => candidate.id === selection.spanId);
  if (span === undefined) {
    return (
      <section className="span-detail" aria-label={`Node ${selection.nodeId}`}>
        <h3>{selection.nodeId}</h3>
        <p className="muted">This node did not run in this run.</p>
      </section>
    );
  }
  return (
    <>
      {executions.length > 1 ? (
        <div className="executions" role="group" aria-label={`Executions of ${selection.nodeId}`}>
          Ran {executions.length} times:
          {executions.map((execution, index) => (
            <button key={execution.id} type="button" aria-pressed={execution.id === span.id} onClick={() => { onPick(execution); }}>
              {execution.iteration ?? `#${index + 1}`}
            </button>
          ))}
        </div>
      ) : null}
      <SpanDetail span={span} />
    </>
  );
}
