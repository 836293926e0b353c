'use client';

import type { FlowDocument } from '@switchboard/flow-schema';
import type { Problem } from './api.ts';
import { isMac, shortcutLabel, type ShortcutAction } from './shortcuts.ts';
import type { SaveStatus } from './use-autosave.ts';

export type PublishStatus =
  | { kind: 'idle' }
  | { kind: 'publishing' }
  | { kind: 'published'; version: number }
  | { kind: 'refused'; message: string; problems: Problem[]; doc: FlowDocument }
  | { kind: 'failed'; message: string };

interface ToolbarProps {
  flowId: string;
  name: string;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onFitView: () => void;
  onAutoLayout: () => void;
  boxSelect: boolean;
  onToggleBoxSelect: () => void;
  onShowShortcuts: () => void;
  save: SaveStatus;
  publish: PublishStatus;
  onPublish: () => void;
  notice: string | undefined;
}

function saveText(save: SaveStatus): string {
  switch (save.kind) {
    case 'idle':
      return 'All changes saved';
    case 'pending':
      return 'Unsaved changes';
    case 'saving':
      return 'Saving…';
    case 'saved':
      return 'Saved';
    case 'error':
      return `Could not save: ${save.message}`;
  }
}

function publishText(publish: PublishStatus): string {
  switch (publish.kind) {
    case 'idle':
      return '';
    case 'publishing':
      return 'Publishing…';
    case 'published':
      return `Published version ${publish.version}`;
    case 'refused':
      return `Not published: ${publish.problems.length} problem${publish.problems.length === 1 ? '' : 's'}`;
    case 'failed':
      return `Could not publish: ${publish.message}`;
  }
}

export function Toolbar(props: ToolbarProps) {
  const { save, publish } = props;
  const mac = isMac();
  const keys = (action: ShortcutAction): string => `(${shortcutLabel(action, mac)})`;
  return (
    <div className="sb-toolbar" role="toolbar" aria-label="Flow editor">
      <a href="/">← Flows</a>
      <h1>{props.name}</h1>
      <button type="button" onClick={props.onUndo} disabled={!props.canUndo} title={`Undo ${keys('undo')}`}>Undo</button>
      <button type="button" onClick={props.onRedo} disabled={!props.canRedo} title={`Redo ${keys('redo')}`}>Redo</button>
      <button type="button" onClick={props.onFitView} title={`Fit view ${keys('fitView')}`}>Fit view</button>
      <button type="button" onClick={props.onAutoLayout} title={`Lay the flow out left to right ${keys('autoLayout')}`}>Auto-layout</button>
      <button type="button" onClick={props.onToggleBoxSelect} aria-pressed={props.boxSelect} title="Drag on the canvas selects a box instead of panning (or hold Shift)">
        Box select
      </button>
      <button type="button" onClick={props.onShowShortcuts} title={`Keyboard shortcuts ${keys('help')}`} aria-label="Keyboard shortcuts">?</button>
      <span className="sb-notice" role="status" aria-label="Connection notice">{props.notice}</span>
      <span className="spacer" />
      <span className={`sb-status${save.kind === 'error' ? ' error' : ''}`} role="status" aria-label="Save status">{saveText(save)}</span>
      <a href={`/flows/${encodeURIComponent(props.flowId)}/versions`}>Versions</a>
      <button type="button" onClick={props.onPublish} disabled={publish.kind === 'publishing'}>Publish</button>
      <span className={`sb-status${publish.kind === 'refused' || publish.kind === 'failed' ? ' error' : ''}`} role="status" aria-label="Publish status">
        {publishText(publish)}
      </span>
    </div>
  );
}
