'use client';

import { canConnect, type FlowDocument } from '@switchboard/flow-schema';
import { nodeDefinitions, nodeRegistry } from '@switchboard/nodes/definitions';
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useReducer, useState, type DragEvent } from 'react';
import { errorMessage, publishFlow, type LoadedFlow, type Problem } from './api.ts';
import { addNode, connect, layoutUnplaced, moveNodes, removeElements, setConfig, type Position } from './document-ops.ts';
import { FlowNodeView, type EditorNode } from './flow-node.tsx';
import { historyReducer } from './history.ts';
import { NODE_TYPE_MIME, Palette } from './palette.tsx';
import { PlaygroundPanel } from './playground-panel.tsx';
import { NO_RUN, runClass, type RunView } from './playground-run.ts';
import { inputType, outputType, portsOf } from './ports.ts';
import { ProblemsList } from './problems-list.tsx';
import { SidePanel } from './side-panel.tsx';
import { definitionOf, toCanvasEdges, toCanvasNodes } from './to-react-flow.ts';
import { Toolbar, type PublishStatus } from './toolbar.tsx';
import { useAutosave } from './use-autosave.ts';
import { useUndoKeys } from './use-undo-keys.ts';
import { useValidation } from './use-validation.ts';

const nodeTypes = { flow: FlowNodeView };
const NOTICE_MS = 5000;

function countByNode(problems: readonly Problem[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { nodeId } of problems) if (nodeId !== undefined) counts.set(nodeId, (counts.get(nodeId) ?? 0) + 1);
  return counts;
}

function positionsOf(nodes: readonly EditorNode[]): Map<string, Position> {
  return new Map(nodes.map((node) => [node.id, node.position]));
}

/** Why a connection is refused, or undefined when the ports fit. */
function refusal(doc: FlowDocument, connection: Connection | Edge): string | undefined {
  if (connection.source === connection.target) return 'a node cannot connect to itself';
  const source = doc.nodes.find((node) => node.id === connection.source);
  const target = doc.nodes.find((node) => node.id === connection.target);
  const sourceDefinition = source && definitionOf(nodeRegistry, source);
  const targetDefinition = target && definitionOf(nodeRegistry, target);
  if (!source || !target || !sourceDefinition || !targetDefinition) return 'unknown node';
  const from = outputType(portsOf(sourceDefinition, source.config), connection.sourceHandle);
  const to = inputType(portsOf(targetDefinition, target.config), connection.targetHandle);
  if (!from || !to) return 'unknown port';
  return canConnect(from, to) ? undefined : `${from} cannot connect to ${to}`;
}

export function Editor({ flow }: { flow: LoadedFlow }) {
  const [history, dispatch] = useReducer(historyReducer, flow.draft, (draft: FlowDocument) => ({ past: [], present: layoutUnplaced(draft), future: [] }));
  const doc = history.present;
  // Fit a loaded flow once; an empty canvas keeps its viewport, so the first drop does not move it.
  const [fitOnLoad] = useState(() => doc.nodes.length > 0);
  const apply = useCallback((edit: (doc: FlowDocument) => FlowDocument, mergeKey?: string) => {
    dispatch(mergeKey === undefined ? { kind: 'apply', edit } : { kind: 'apply', edit, mergeKey });
  }, []);
  const undo = useCallback(() => { dispatch({ kind: 'undo' }); }, []);
  const redo = useCallback(() => { dispatch({ kind: 'redo' }); }, []);
  useUndoKeys(undo, redo);

  const live = useValidation(doc, nodeRegistry);
  const { status: saveStatus, flush } = useAutosave(flow.id, doc);
  const [publish, setPublish] = useState<PublishStatus>({ kind: 'idle' });
  // A refused publish shows the server's problems until the document changes again.
  const problems = publish.kind === 'refused' && publish.doc === doc && live.length === 0 ? publish.problems : live;
  const counts = useMemo(() => countByNode(problems), [problems]);

  const [notice, setNotice] = useState<string | undefined>();
  useEffect(() => {
    if (notice === undefined) return;
    const timer = setTimeout(() => { setNotice(undefined); }, NOTICE_MS);
    return () => { clearTimeout(timer); };
  }, [notice]);

  const [nodes, setNodes] = useState<EditorNode[]>(() => toCanvasNodes(doc, nodeRegistry, counts, []));
  const [edges, setEdges] = useState<Edge[]>(() => toCanvasEdges(doc, []));
  useEffect(() => { setNodes((previous) => toCanvasNodes(doc, nodeRegistry, counts, previous)); }, [doc, counts]);
  useEffect(() => { setEdges((previous) => toCanvasEdges(doc, previous)); }, [doc]);
  // The playground's last run colours the nodes while its panel is open.
  const [playgroundOpen, setPlaygroundOpen] = useState(false);
  const [run, setRun] = useState<RunView>(NO_RUN);
  const shownNodes = useMemo(
    () =>
      nodes.map((node) => {
        const className = playgroundOpen ? runClass(run, node.id) : undefined;
        return className === undefined ? node : { ...node, className };
      }),
    [nodes, playgroundOpen, run],
  );
  const selectedIds = nodes.filter((node) => node.selected).map((node) => node.id);
  const selected = selectedIds.length === 1 ? doc.nodes.find((node) => node.id === selectedIds[0]) : undefined;

  const onNodesChange = useCallback((changes: NodeChange<EditorNode>[]) => { setNodes((current) => applyNodeChanges(changes, current)); }, []);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => { setEdges((current) => applyEdgeChanges(changes, current)); }, []);
  const onMoved = useCallback((moved: EditorNode[]) => { apply((current) => moveNodes(current, positionsOf(moved))); }, [apply]);
  const onDelete = useCallback(
    ({ nodes: gone, edges: cut }: { nodes: EditorNode[]; edges: Edge[] }) => {
      apply((current) => removeElements(current, new Set(gone.map((node) => node.id)), new Set(cut.map((edge) => edge.id))));
    },
    [apply],
  );
  const isValidConnection = useCallback(
    (connection: Connection | Edge) => {
      const reason = refusal(doc, connection);
      if (reason !== undefined) setNotice(reason);
      return reason === undefined;
    },
    [doc],
  );
  const onConnect = useCallback(
    ({ source, sourceHandle, target, targetHandle }: Connection) => {
      if (!sourceHandle || !targetHandle) return;
      setNotice(undefined);
      apply((current) => connect(current, { source, sourcePort: sourceHandle, target, targetPort: targetHandle }));
    },
    [apply],
  );

  const { screenToFlowPosition, fitView } = useReactFlow<EditorNode>();
  const onDragOver = useCallback((event: DragEvent) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      const definition = nodeRegistry.latest(event.dataTransfer.getData(NODE_TYPE_MIME));
      if (!definition) return;
      const position = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      apply((current) => addNode(current, definition, position).doc);
    },
    [apply, screenToFlowPosition],
  );

  const selectNode = useCallback(
    (nodeId: string) => {
      setNodes((current) => current.map((node) => ({ ...node, selected: node.id === nodeId })));
      setEdges((current) => current.map((edge) => ({ ...edge, selected: false })));
      void fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.2 });
    },
    [fitView],
  );
  const onConfigChange = useCallback((nodeId: string, config: Record<string, unknown>) => { apply((current) => setConfig(current, nodeId, config), `config:${nodeId}`); }, [apply]);

  const onPublish = useCallback(async () => {
    setPublish({ kind: 'publishing' });
    if (!(await flush())) {
      setPublish({ kind: 'failed', message: 'the draft is not saved yet' });
      return;
    }
    try {
      const result = await publishFlow(flow.id);
      setPublish(result.ok ? { kind: 'published', version: result.version } : { kind: 'refused', message: result.message, problems: result.problems, doc });
    } catch (error) {
      setPublish({ kind: 'failed', message: errorMessage(error) });
    }
  }, [doc, flow.id, flush]);

  return (
    <div className={`sb-editor${playgroundOpen ? ' playground-open' : ''}`}>
      <Toolbar
        flowId={flow.id}
        name={doc.name}
        canUndo={history.past.length > 0}
        canRedo={history.future.length > 0}
        onUndo={undo}
        onRedo={redo}
        onFitView={() => { void fitView({ duration: 300, maxZoom: 1 }); }}
        save={saveStatus}
        publish={publish}
        onPublish={() => { void onPublish(); }}
        notice={notice}
      />
      <Palette definitions={nodeDefinitions} />
      <div className="sb-canvas" onDragOver={onDragOver} onDrop={onDrop}>
        {doc.nodes.length === 0 && <p className="sb-empty">Drag a node from the palette to start</p>}
        <button type="button" className="sb-playground-toggle" aria-pressed={playgroundOpen} onClick={() => { setPlaygroundOpen((open) => !open); }}>
          Playground
        </button>
        <ReactFlow<EditorNode>
          nodes={shownNodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onNodeDragStop={(_event, _node, moved) => { onMoved(moved); }}
          onSelectionDragStop={(_event, moved) => { onMoved(moved); }}
          onDelete={onDelete}
          onConnect={onConnect}
          isValidConnection={isValidConnection}
          deleteKeyCode={['Delete', 'Backspace']}
          fitView={fitOnLoad}
          fitViewOptions={{ maxZoom: 1 }}
        >
          <Background />
          <MiniMap pannable zoomable style={{ width: 150, height: 100 }} />
          <Controls />
        </ReactFlow>
      </div>
      {playgroundOpen ? (
        <PlaygroundPanel flowId={flow.id} flush={flush} run={run} onRun={setRun} selected={selected} />
      ) : (
        <SidePanel
          node={selected}
          definition={selected && definitionOf(nodeRegistry, selected)}
          problems={problems}
          onConfigChange={onConfigChange}
        />
      )}
      <ProblemsList problems={problems} onSelect={selectNode} />
    </div>
  );
}
