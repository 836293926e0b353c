'use client';

import { diffFlowDocuments, type FlowDiff, type FlowDocument } from '@switchboard/flow-schema';
import { useEffect, useId, useRef, useState } from 'react';
import { errorMessage } from '../api.ts';
import { fetchVersionDocument, type History } from './api.ts';
import { describeDiff } from './describe-diff.ts';

/** The draft, or a published version by number. */
type Side = 'draft' | number;

type DiffState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; diff: FlowDiff };

const sideValue = (side: Side) => (side === 'draft' ? 'draft' : `v${side}`);
const parseSide = (value: string): Side => (value === 'draft' ? 'draft' : Number(value.slice(1)));

function sideLabel(side: Side, live: number | null): string {
  if (side === 'draft') return 'Draft';
  return side === live ? `Version ${side} (live)` : `Version ${side}`;
}

/** Pick two of the draft and the versions; shows what changed from the first to the second, in words. */
export function Compare({ flowId, history }: { flowId: string; history: History }) {
  const live = history.publishedVersion;
  const [from, setFrom] = useState<Side>(live ?? history.versions.at(-1)?.version ?? 'draft');
  const [to, setTo] = useState<Side>('draft');
  const [showMoves, setShowMoves] = useState(false);
  const [state, setState] = useState<DiffState>({ kind: 'loading' });
  // Versions never change, so each is fetched once per page.
  const cache = useRef(new Map<number, Promise<FlowDocument>>());
  const movesId = useId();

  useEffect(() => {
    let current = true;
    const load = (side: Side): Promise<FlowDocument> => {
      if (side === 'draft') return Promise.resolve(history.draft);
      const cached = cache.current.get(side);
      if (cached) return cached;
      const loading = fetchVersionDocument(flowId, side);
      cache.current.set(side, loading);
      loading.catch(() => cache.current.delete(side));
      return loading;
    };
    setState({ kind: 'loading' });
    Promise.all([load(from), load(to)]).then(
      ([a, b]) => { if (current) setState({ kind: 'ready', diff: diffFlowDocuments(a, b) }); },
      (error: unknown) => { if (current) setState({ kind: 'error', message: errorMessage(error) }); },
    );
    return () => { current = false; };
  }, [flowId, history, from, to]);

  const sides: Side[] = ['draft', ...history.versions.map((entry) => entry.version).toReversed()];
  const picker = (label: string, value: Side, set: (side: Side) => void) => (
    <label>
      {label}{' '}
      <select aria-label={`Compare ${label.toLowerCase()}`} value={sideValue(value)} onChange={(event) => { set(parseSide(event.target.value)); }}>
        {sides.map((side) => <option key={sideValue(side)} value={sideValue(side)}>{sideLabel(side, live)}</option>)}
      </select>
    </label>
  );

  return (
    <section aria-labelledby="compare-heading">
      <h2 id="compare-heading">Compare</h2>
      <div className="compare-pickers">
        {picker('From', from, setFrom)}
        {picker('To', to, setTo)}
        <label htmlFor={movesId}>
          <input id={movesId} type="checkbox" checked={showMoves} onChange={(event) => { setShowMoves(event.target.checked); }} /> Show moved nodes
        </label>
      </div>
      <Changes state={state} showMoves={showMoves} same={from === to} />
    </section>
  );
}

function Changes({ state, showMoves, same }: { state: DiffState; showMoves: boolean; same: boolean }) {
  if (same) return <p className="muted">Pick two different versions to compare.</p>;
  switch (state.kind) {
    case 'loading':
      return <p className="muted">Comparing…</p>;
    case 'error':
      return <p className="error" role="alert">Could not compare: {state.message}</p>;
    case 'ready': {
      const entries = describeDiff(state.diff, { showMoves });
      const moved = state.diff.nodesMoved.length;
      if (entries.length === 0) {
        return <p className="muted">No changes{moved > 0 && !showMoves ? ` (${moved} node${moved === 1 ? '' : 's'} moved)` : ''}.</p>;
      }
      return (
        <ul className="changes" aria-label="Changes">
          {entries.map((entry) => (
            <li key={entry.key}>
              {entry.text}
              {entry.details.length > 0 && (
                <ul>{entry.details.map((detail) => <li key={detail}><code>{detail}</code></li>)}</ul>
              )}
            </li>
          ))}
        </ul>
      );
    }
  }
}
