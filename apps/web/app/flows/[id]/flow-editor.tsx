'use client';

import '@xyflow/react/dist/style.css';
import { ReactFlowProvider } from '@xyflow/react';
import { useLoaded } from '../../use-loaded.ts';
import { fetchFlow } from './api.ts';
import { Editor } from './editor.tsx';
import { editorStyles } from './editor-styles.ts';

/** Loads the flow, then hands it to the editor; says so when the flow does not exist or cannot load. */
export function FlowEditor({ flowId }: { flowId: string }) {
  const { state, retry } = useLoaded(() => fetchFlow(flowId), [flowId]);

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
          <button type="button" onClick={retry}>
            Try again
          </button>{' '}
          <a href="/">Back to the flows</a>
        </div>
      );
    case 'ready':
      return (
        <ReactFlowProvider>
          <style>{editorStyles}</style>
          <Editor flow={state.value} />
        </ReactFlowProvider>
      );
  }
}
