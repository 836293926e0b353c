'use client';

import '@xyflow/react/dist/style.css';
import type { FlowDocument } from '@switchboard/flow-schema';
import { nodeRegistry } from '@switchboard/nodes/definitions';
import { Background, Controls, ReactFlow, ReactFlowProvider, useReactFlow, type Edge } from '@xyflow/react';
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import { layoutUnplaced } from '../../flows/[id]/document-ops.ts';
import { toCanvasEdges, toCanvasNodes } from '../../flows/[id]/to-react-flow.ts';
import { TraceNodeView, type TraceMark, type TraceNode } from './trace-node.tsx';
import type { RunPath } from './trace-path.ts';

const nodeTypes = { flow: TraceNodeView };
/** The playground's classes, so a run looks the same in the editor and in the console. */
const markClass: Record<TraceMark, string> = { ok: 'sb-run-ok', error: 'sb-run-error', suspended: 'sb-run-waiting', skipped: 'sb-run-skipped' };

/** The flow version a run ran on, read only: the path it took lit, the rest dimmed; a click picks a node. */
export function TraceCanvas({ doc, path, selectedNodeId, onSelectNode }: {
  doc: FlowDocument;
  path: RunPath;
  selectedNodeId: string | null;
  onSelectNode: (nodeId: string) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const placed = useMemo(() => layoutUnplaced(doc), [doc]);
  const nodes = useMemo(
    (): TraceNode[] =>
      toCanvasNodes(placed, nodeRegistry, new Map(), []).map((node) => {
        const trace = path.nodes.get(node.id);
        const mark = trace?.mark ?? 'skipped';
        const selected = node.id === selectedNodeId;
        return {
          ...node,
          data: { ...node.data, mark, runs: trace?.spans.length ?? 0 },
          className: `${markClass[mark]}${selected ? ' trace-selected' : ''}`,
          selected,
        };
      }),
    [placed, path, selectedNodeId],
  );
  const edges = useMemo(
    (): Edge[] =>
      toCanvasEdges(placed, []).map((edge) => {
        const taken = path.edges.has(edge.id);
        return {
          ...edge,
          className: taken ? 'trace-edge-taken' : 'trace-edge-idle',
          ariaLabel: `${edge.source}.${edge.sourceHandle ?? ''} to ${edge.target}.${edge.targetHandle ?? ''}: ${taken ? 'taken' : 'not taken'}`,
          zIndex: taken ? 1 : 0,
        };
      }),
    [placed, path],
  );
  return (
    <div className="trace-canvas-cell">
      <div className="trace-canvas" role="group" aria-label="Flow trace" ref={box}>
        <ReactFlowProvider>
          <ReactFlow<TraceNode>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodeClick={(_event, node) => { onSelectNode(node.id); }}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            edgesFocusable={false}
            deleteKeyCode={null}
            // The page scrolls past the canvas; zoom with the buttons, a pinch, or ctrl and the wheel.
            zoomOnScroll={false}
            preventScrolling={false}
            minZoom={0.1}
            fitView
            fitViewOptions={{ maxZoom: 1, padding: 0.15 }}
          >
            <Background />
            <Controls showInteractive={false} />
            <FitOnResize box={box} />
          </ReactFlow>
        </ReactFlowProvider>
      </div>
      <p className="trace-legend muted" aria-hidden="true">
        <span className="legend-ok">ran</span> <span className="legend-suspended">waiting</span> <span className="legend-error">failed</span>{' '}
        <span className="legend-skipped">did not run</span> <span className="legend-edge">path taken</span>
      </p>
    </div>
  );
}

/** Fits the flow again when the canvas changes size (the layout goes from stacked to side by side). */
function FitOnResize({ box }: { box: RefObject<HTMLDivElement | null> }) {
  const { fitView } = useReactFlow();
  const size = useRef<{ width: number; height: number } | null>(null);
  useEffect(() => {
    const pane = box.current;
    if (pane === null) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry === undefined) return;
      const { width, height } = entry.contentRect;
      const before = size.current;
      size.current = { width, height };
      if (before !== null && (before.width !== width || before.height !== height)) void fitView({ maxZoom: 1, padding: 0.15 });
    });
    observer.observe(pane);
    return () => { observer.disconnect(); };
  }, [box, fitView]);
  return null;
}
