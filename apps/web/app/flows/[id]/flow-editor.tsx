'use client';

import '@xyflow/react/dist/style.css';
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { ApiError, errorMessage, fetchFlow, type LoadedFlow } from './api.ts';
import { Editor } from './editor.tsx';
import { editorStyles } from './editor-styles.ts';

type State = { kind: 'loading' } | { kind: 'missing' } | { kind: 'error'; message: string } | { kind: 'ready'; flow: LoadedFlow };

/** Loads the flow, then hands it to the editor; says so when the flow does not exist or cannot load. */
export function FlowEditor({ flowId }: { flowId: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true; // ignore an answer that arrives after a retry or an unmount
    fetchFlow(flowId).then(
      (flow) => { if (current) setState({ kind: 'ready', flow }); },
      (error: unknown) => {
        if (!current) return;
        setState(error instanceof ApiError && error.status === 404 ? { kind: 'missing' } : { kind: 'error', message: errorMessage(error) });
      },
    );
    return () => { current = false; };
  }, [flowId, attempt]);

  switch (state.kind) {
    case 'loading':
      return <p className="muted">Loading the flow…</p>;
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
          <p className="error">Could not load the flow: {state.message}</p>
          <button type="button" onClick={() => { setState({ kind: 'loading' }); setAttempt((n) => n + 1); }}>
            Try again
          </button>{' '}
          <a href="/">Back to the flows</a>
        </div>
      );
    case 'ready':
      return (
        <ReactFlowProvider>
          <style>{editorStyles}</style>
          <Editor flow={state.flow} />
        </ReactFlowProvider>
      );
  }
}
