import { preload } from 'react-dom';
import { flowPath } from './api.ts';
import { FlowEditor } from './flow-editor.tsx';

export default async function FlowEditorPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // The browser fetches the flow while the page's scripts load and run; the editor's own request
  // (fetchFlow, same address and mode) then takes this answer instead of starting a round trip.
  preload(flowPath(id), { as: 'fetch', crossOrigin: 'anonymous' });
  return <FlowEditor flowId={id} />;
}
