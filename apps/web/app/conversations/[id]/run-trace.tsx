'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { listSpans, timeFormat, type Run } from '../api.ts';
import { LoadError } from '../query-state.tsx';
import { Waterfall } from './waterfall.tsx';

/** One run, collapsed to a summary line; expanded, its spans as a waterfall (read only when opened). */
export function RunTrace({ run, flowId, version }: { run: Run; flowId: string; version: number | undefined }) {
  const [open, setOpen] = useState(false);
  return (
    <li className="run">
      <button type="button" aria-expanded={open} onClick={() => { setOpen((value) => !value); }}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        <span>Run at {timeFormat.format(new Date(run.startedAt))}</span>
        <span className={`status status-${run.status}`}>{run.status}</span>
        <span className="muted">{run.steps} {run.steps === 1 ? 'step' : 'steps'}</span>
        {run.durationMs === null ? null : <span className="muted">{run.durationMs} ms</span>}
      </button>
      {open ? (
        <div className="run-body">
          <p className="muted">
            Flow version <a href={`/flows/${flowId}`}>{version === undefined ? run.flowVersionId : `v${version}`}</a>
            {version === undefined ? null : <> ({run.flowVersionId})</>}
          </p>
          {run.error === null || run.error === undefined ? null : <pre className="error">{JSON.stringify(run.error, null, 2)}</pre>}
          <Spans run={run} />
        </div>
      ) : null}
    </li>
  );
}

function Spans({ run }: { run: Run }) {
  const spans = useQuery({ queryKey: ['spans', run.id], queryFn: () => listSpans(run.id) });
  if (spans.isPending) return <p className="muted">Loading the trace…</p>;
  if (spans.isError) return <LoadError what="the trace" error={spans.error} retry={() => void spans.refetch()} />;
  if (spans.data.items.length === 0) return <p className="muted">No node ran in this run.</p>;
  return <Waterfall run={run} spans={spans.data.items} />;
}
