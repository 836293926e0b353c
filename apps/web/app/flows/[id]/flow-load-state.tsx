'use client';

import type { Loaded } from '../../use-loaded.ts';

/** What a page about one flow shows until its data is there: loading, no such flow, or an error with a retry. */
export function FlowLoadState({ state, flowId, what, retry }: { state: Exclude<Loaded<unknown>, { kind: 'ready' }>; flowId: string; what: string; retry: () => void }) {
  switch (state.kind) {
    case 'loading':
      return <p className="muted">Loading the {what}…</p>;
    case 'missing':
      return (
        <div role="alert">
          <p className="error">There is no flow with id {flowId}.</p>
          <a href="/">Back to the flows</a>
        </div>
      );
    case 'error':
      return (
        <div role="alert">
          <p className="error">Could not load the {what}: {state.message}</p>
          <button type="button" onClick={retry}>
            Try again
          </button>{' '}
          <a href="/">Back to the flows</a>
        </div>
      );
  }
}
