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
  SelectionMode,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type DragEvent } from 'react';
import { errorMessage, publishFlow, type LoadedFlow, type Problem } from './api.ts';
import { addNode, connect, layoutUnplaced, moveNodes, setConfig, type Position } from './document-ops.ts';
import { setCredential } from './credential-ops.ts';
import { FlowNodeView, type EditorNode } from './flow-node.tsx';
import { historyReducer } from './history.ts';
import { NODE_TYPE_MIME, Palette } from './palette.tsx';
import { PlaygroundPanel } from './playground-panel.tsx';
import { NO_RUN, runClass, type RunView } from './playground-run.ts';
import { inputType, outputType, portsOf } from './ports.ts';
import { ProblemsList } from './problems-list.tsx';
import { ShortcutsHelp } from './shortcuts-help.tsx';
import { SidePanel } from './side-panel.tsx';
import { definitionOf, toCanvasEdges, toCanvasNodes } from './to-react-flow.ts';
import { Toolbar, type PublishStatus } from './toolbar.tsx';
import { useAutosave } from './use-autosave.ts';
import { ConflictBanner } from './conflict-banner.tsx';
import { selectWhere, useCanvasCommands } from './use-canvas-commands.ts';
import { useValidation } from './use-validation.ts';

const nodeTypes = { flow: FlowNodeView };
const NOTICE_MS = 5000;
// React Flow copies each changed prop into its store, and every store update runs every node's, handle's
// and edge's selector: props keep their identity across renders, so a render of the editor costs none.
const FIT_VIEW_OPTIONS = { maxZoom: 1 };
const MULTI_SELECTION_KEYS = ['Shift', 'Control', 'Meta'];
const PAN_WITH_MIDDLE_OR_RIGHT = [1, 2];
const MINIMAP_STYLE = { width: 150, height: 100 };

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

  const { problems: live, checked } = useValidation(doc, nodeRegistry);
  const { status: saveStatus, flush, conflict, keepMine, loadTheirs } = useAutosave(flow.id, doc, flow.draftRevision);
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
  const canvas = useCanvasCommands({ doc, apply, undo, redo, nodes, edges, setNodes, setEdges, setNotice });
  const { takeSelection } = canvas;
  useEffect(() => {
    // After a paste or duplicate, exactly the new nodes are selected.
    const select = takeSelection();
    setNodes((previous) => {
      const next = toCanvasNodes(doc, nodeRegistry, counts, previous);
      return select ? selectWhere(next, (node) => select.has(node.id)) : next;
    });
    if (select) setEdges((current) => selectWhere(current, () => false));
  }, [doc, counts, takeSelection]);
  useEffect(() => { setEdges((previous) => toCanvasEdges(doc, previous)); }, [doc]);
  // The playground's last run colours the nodes while its panel is open.
  const [playgroundOpen, setPlaygroundOpen] = useState(false);
  const [run, setRun] = useState<RunView>(NO_RUN);
  // Coloured nodes are cached by their canvas node, so an edit re-creates only the nodes it touched.
  const [coloured] = useState(() => new WeakMap<EditorNode, EditorNode>());
  const shownNodes = useMemo(
    () =>
      nodes.map((node) => {
        const className = playgroundOpen ? runClass(run, node.id) : undefined;
        if (className === undefined) return node;
        const cached = coloured.get(node);
        if (cached?.className === className) return cached;
        const shown = { ...node, className };
        coloured.set(node, shown);
        return shown;
      }),
    [nodes, playgroundOpen, run, coloured],
  );
  const selectedIds = nodes.filter((node) => node.selected).map((node) => node.id);
  const selected = selectedIds.length === 1 ? doc.nodes.find((node) => node.id === selectedIds[0]) : undefined;

  // Moves outside a drag come from the arrow keys: each is committed as it comes, and a run of them on the same nodes is one undo step.
  const dragging = useRef(false);
  const onNodesChange = useCallback(
    (changes: NodeChange<EditorNode>[]) => {
      setNodes((current) => applyNodeChanges(changes, current));
      if (dragging.current) return;
      const nudged = new Map<string, Position>();
      for (const change of changes) if (change.type === 'position' && change.dragging === false && change.position) nudged.set(change.id, change.position);
      if (nudged.size > 0) apply((current) => moveNodes(current, nudged), `nudge:${[...nudged.keys()].join(',')}`);
    },
    [apply],
  );
  const onEdgesChange = useCallback((changes: EdgeChange[]) => { setEdges((current) => applyEdgeChanges(changes, current)); }, []);
  const onMoved = useCallback((moved: EditorNode[]) => {
    dragging.current = false;
    apply((current) => moveNodes(current, positionsOf(moved)));
  }, [apply]);
  const onDragStart = useCallback(() => { dragging.current = true; }, []);
  const onNodeDragStop = useCallback((_event: unknown, _node: EditorNode, moved: EditorNode[]) => { onMoved(moved); }, [onMoved]);
  const onSelectionDragStop = useCallback((_event: unknown, moved: EditorNode[]) => { onMoved(moved); }, [onMoved]);
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
  const onCredentialChange = useCallback((nodeId: string, credentialId: string | undefined) => { apply((current) => setCredential(current, nodeId, credentialId)); }, [apply]);

  const { setHelpOpen } = canvas;
  const closeHelp = useCallback(() => { setHelpOpen(false); }, [setHelpOpen]);

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
        onFitView={canvas.fit}
        onAutoLayout={canvas.layout}
        boxSelect={canvas.boxSelect}
        onToggleBoxSelect={canvas.toggleBoxSelect}
        onShowShortcuts={() => { canvas.setHelpOpen(true); }}
        save={saveStatus}
        publish={publish}
        onPublish={() => { void onPublish(); }}
        notice={notice}
      />
      <Palette definitions={nodeDefinitions} />
      <div className="sb-canvas" onDragOver={onDragOver} onDrop={onDrop} {...canvas.canvasPointer}>
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
          onNodeDragStart={onDragStart}
          onSelectionDragStart={onDragStart}
          onNodeDragStop={onNodeDragStop}
          onSelectionDragStop={onSelectionDragStop}
          onConnect={onConnect}
          isValidConnection={isValidConnection}
          // Keys are the shortcuts table's (shortcuts.ts); React Flow keeps Shift+drag box selection and modifier-click.
          deleteKeyCode={null}
          multiSelectionKeyCode={MULTI_SELECTION_KEYS}
          selectionMode={SelectionMode.Partial}
          selectionOnDrag={canvas.boxSelect}
          panOnDrag={canvas.boxSelect ? PAN_WITH_MIDDLE_OR_RIGHT : true}
          // Every node still renders once, to be measured; after that only the nodes and edges in view stay in
          // the page, so a big flow opens (and pans) with tens of nodes in the DOM instead of hundreds.
          onlyRenderVisibleElements
          fitView={fitOnLoad}
          fitViewOptions={FIT_VIEW_OPTIONS}
        >
          <Background />
          <MiniMap pannable zoomable style={MINIMAP_STYLE} />
          <Controls />
        </ReactFlow>
      </div>
      {playgroundOpen ? (
        <PlaygroundPanel flowId={flow.id} flush={flush} run={run} onRun={setRun} selected={selected} />
      ) : (
        <SidePanel
          node={selected}
          definition={selected && definitionOf(nodeRegistry, selected)}
          doc={doc}
          problems={problems}
          onConfigChange={onConfigChange}
          onCredentialChange={onCredentialChange}
        />
      )}
      <ProblemsList problems={problems} checked={checked} onSelect={selectNode} />
      {conflict && <ConflictBanner conflict={conflict} onLoadTheirs={loadTheirs} onKeepMine={() => { void keepMine(); }} />}
      <ShortcutsHelp open={canvas.helpOpen} onClose={closeHelp} />
    </div>
  );
}
