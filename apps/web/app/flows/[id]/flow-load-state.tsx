'use client';

import { LoadError } from '../../components/load-error.tsx';
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
        <LoadError what={what} message={state.message} onRetry={retry}>
          {' '}
          <a href="/">Back to the flows</a>
        </LoadError>
      );
  }
}
