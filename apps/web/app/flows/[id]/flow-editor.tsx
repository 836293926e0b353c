'use client';

import '@xyflow/react/dist/style.css';
import { ReactFlowProvider } from '@xyflow/react';
import { useLoaded } from '../../use-loaded.ts';
import { fetchFlow } from './api.ts';
import { Editor } from './editor.tsx';
import { editorStyles } from './editor-styles.ts';
import { FlowLoadState } from './flow-load-state.tsx';

/** Loads the flow, then hands it to the editor; says so when the flow does not exist or cannot load. */
export function FlowEditor({ flowId }: { flowId: string }) {
  const { state, retry } = useLoaded(() => fetchFlow(flowId), [flowId]);

  if (state.kind !== 'ready') return <FlowLoadState state={state} flowId={flowId} what="flow" retry={retry} />;
  return (
    <ReactFlowProvider>
      <style>{editorStyles}</style>
      <Editor flow={state.value} />
    </ReactFlowProvider>
  );
}
