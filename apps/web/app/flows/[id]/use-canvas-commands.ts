// The canvas's commands (selection, clipboard, duplicate, delete, layout, fit) behind the keyboard
// shortcuts and the toolbar. Each edit of the document is one `apply`, so one undo step.
import type { FlowDocument } from '@switchboard/flow-schema';
import { useReactFlow, type Edge } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState, type Dispatch, type PointerEvent, type SetStateAction } from 'react';
import type { Size } from './auto-layout.ts';
import { fragmentText, lastCopy, parseFragment, rememberCopy } from './clipboard.ts';
import { copyFragment, fragmentOrigin, pasteFragment, removeElements, type Position } from './document-ops.ts';
import type { EditorNode } from './flow-node.tsx';
import { useShortcuts, type ShortcutHandlers } from './use-shortcuts.ts';

/** How far a duplicate, or a paste with the pointer off the canvas, lands from its original. */
const NUDGE = 40;
const FIT = { duration: 300, maxZoom: 1 };
export const CANVAS_SELECTOR = '.sb-canvas';

interface CanvasCommandsInput {
  doc: FlowDocument;
  apply: (edit: (doc: FlowDocument) => FlowDocument) => void;
  undo: () => void;
  redo: () => void;
  nodes: readonly EditorNode[];
  edges: readonly Edge[];
  setNodes: Dispatch<SetStateAction<EditorNode[]>>;
  setEdges: Dispatch<SetStateAction<Edge[]>>;
  setNotice: (notice: string) => void;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Sets every item's `selected`, keeping the objects whose selection does not change. */
export function selectWhere<T extends { id: string; selected?: boolean }>(items: readonly T[], selected: (item: T) => boolean): T[] {
  return items.map((item) => ((item.selected ?? false) === selected(item) ? item : { ...item, selected: selected(item) }));
}

export function useCanvasCommands({ doc, apply, undo, redo, nodes, edges, setNodes, setEdges, setNotice }: CanvasCommandsInput) {
  const { fitView, screenToFlowPosition } = useReactFlow<EditorNode>();
  const [helpOpen, setHelpOpen] = useState(false);
  const [boxSelect, setBoxSelect] = useState(false);
  /** Nodes to select once the next document reaches the canvas (what a paste added). */
  const selectNext = useRef<ReadonlySet<string> | undefined>(undefined);
  const fitNext = useRef(false);
  const pointer = useRef<{ x: number; y: number } | undefined>(undefined);
  const lastPaste = useRef<{ text: string; at: string; repeat: number } | undefined>(undefined);

  useEffect(() => {
    if (!fitNext.current) return;
    fitNext.current = false;
    void fitView(FIT);
  }, [nodes, fitView]);

  const selectedNodeIds = (): Set<string> => new Set(nodes.filter((node) => node.selected).map((node) => node.id));

  /** Adds the fragment moved by `shift` and selects the new nodes. */
  const insert = (fragment: FlowDocument, shift: Position): void => {
    const base = doc;
    const result = pasteFragment(base, fragment, shift);
    selectNext.current = new Set(result.ids);
    // The result was computed from the document as rendered; an edit that got in first wins instead.
    apply((current) => (current === base ? result.doc : current));
  };

  const copy = (): string | undefined => {
    const ids = selectedNodeIds();
    if (ids.size === 0) return undefined;
    const text = fragmentText(copyFragment(doc, ids));
    rememberCopy(text);
    setNotice(`Copied ${plural(ids.size, 'node')}`);
    return text;
  };

  const remove = (): void => {
    const nodeIds = selectedNodeIds();
    const edgeIds = new Set(edges.filter((edge) => edge.selected).map((edge) => edge.id));
    if (nodeIds.size > 0 || edgeIds.size > 0) apply((current) => removeElements(current, nodeIds, edgeIds));
  };

  const paste = (clipboard: string): void => {
    const text = clipboard.trim() === '' ? (lastCopy() ?? '') : clipboard;
    const fragment = parseFragment(text);
    if (!fragment) {
      setNotice('Nothing to paste: the clipboard holds no flow nodes');
      return;
    }
    const at = pointer.current ? screenToFlowPosition(pointer.current) : undefined;
    const atKey = at ? `${Math.round(at.x)},${Math.round(at.y)}` : '';
    const previous = lastPaste.current;
    const repeat = previous && previous.text === text && previous.at === atKey ? previous.repeat + 1 : 0;
    lastPaste.current = { text, at: atKey, repeat };
    const origin = fragmentOrigin(fragment);
    const nudge = (at ? repeat : repeat + 1) * NUDGE;
    const target = at ?? origin;
    insert(fragment, { x: target.x - origin.x + nudge, y: target.y - origin.y + nudge });
    setNotice(`Pasted ${plural(fragment.nodes.length, 'node')}`);
  };

  const layout = useCallback(() => {
    const sizes = new Map<string, Size>();
    for (const node of nodes) {
      if (node.measured?.width !== undefined && node.measured.height !== undefined) sizes.set(node.id, { width: node.measured.width, height: node.measured.height });
    }
    const base = doc;
    // The layout engine (dagre) loads on first use, so that opening the editor does not wait for it.
    import('./auto-layout.ts').then(
      ({ autoLayout }) => {
        const next = autoLayout(base, sizes);
        if (next === base) {
          void fitView(FIT);
          return;
        }
        fitNext.current = true;
        apply((current) => (current === base ? next : autoLayout(current, sizes)));
      },
      () => { setNotice('Could not load the auto-layout: check the connection and try again'); },
    );
  }, [apply, doc, fitView, nodes, setNotice]);

  const handlers: ShortcutHandlers = {
    undo,
    redo,
    selectAll: () => {
      setNodes((current) => selectWhere(current, () => true));
      setEdges((current) => selectWhere(current, () => true));
    },
    clearSelection: () => {
      setNodes((current) => selectWhere(current, () => false));
      setEdges((current) => selectWhere(current, () => false));
    },
    delete: remove,
    duplicate: () => {
      const ids = selectedNodeIds();
      if (ids.size > 0) insert(copyFragment(doc, ids), { x: NUDGE, y: NUDGE });
    },
    fitView: () => { void fitView(FIT); },
    autoLayout: layout,
    help: () => { setHelpOpen(true); },
    copy,
    cut: () => {
      const text = copy();
      if (text !== undefined) remove();
      return text;
    },
    paste,
  };
  useShortcuts(handlers, !helpOpen, CANVAS_SELECTOR);

  /** The selection a paste asked for, once: the document sync applies it to the new canvas nodes. */
  const takeSelection = useCallback((): ReadonlySet<string> | undefined => {
    const ids = selectNext.current;
    selectNext.current = undefined;
    return ids;
  }, []);

  return {
    layout,
    fit: handlers.fitView,
    takeSelection,
    helpOpen,
    setHelpOpen,
    boxSelect,
    toggleBoxSelect: useCallback(() => { setBoxSelect((on) => !on); }, []),
    canvasPointer: {
      onPointerMove: (event: PointerEvent) => { pointer.current = { x: event.clientX, y: event.clientY }; },
      onPointerLeave: () => { pointer.current = undefined; },
      // A click on the canvas ends any text selection, so copy then copies nodes.
      onPointerDown: () => { if (!document.getSelection()?.isCollapsed) document.getSelection()?.removeAllRanges(); },
    },
  };
}
