// Every keyboard shortcut of the canvas, in one table: the key handler and the help dialog both read it,
// so the help cannot drift from what the keys do.

/** Actions run from the keydown event. */
export type KeyAction = 'undo' | 'redo' | 'selectAll' | 'clearSelection' | 'delete' | 'duplicate' | 'fitView' | 'autoLayout' | 'help';
/** Actions the browser's copy, cut and paste events run, so the system clipboard is read and written without a permission prompt. */
export type ClipboardAction = 'copy' | 'cut' | 'paste';
export type ShortcutAction = KeyAction | ClipboardAction;

export interface KeyCombo {
  /** `KeyboardEvent.key`, compared without case. */
  key: string;
  /** `KeyboardEvent.code` that also matches, for keys whose `key` changes with Shift (Shift+1 gives "!"). */
  code?: string;
  /** Ctrl, or ⌘ on macOS. */
  mod?: boolean;
  /** Must Shift be down (true), up (false), or either (undefined)? */
  shift?: boolean;
}

export interface Shortcut {
  action: ShortcutAction;
  description: string;
  combos: readonly KeyCombo[];
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'undo', description: 'Undo', combos: [{ key: 'z', mod: true, shift: false }] },
  { action: 'redo', description: 'Redo', combos: [{ key: 'z', mod: true, shift: true }, { key: 'y', mod: true, shift: false }] },
  { action: 'selectAll', description: 'Select all nodes', combos: [{ key: 'a', mod: true, shift: false }] },
  { action: 'clearSelection', description: 'Clear the selection', combos: [{ key: 'Escape' }] },
  { action: 'copy', description: 'Copy the selected nodes', combos: [{ key: 'c', mod: true, shift: false }] },
  { action: 'cut', description: 'Cut the selected nodes', combos: [{ key: 'x', mod: true, shift: false }] },
  { action: 'paste', description: 'Paste nodes (at the pointer when it is on the canvas)', combos: [{ key: 'v', mod: true, shift: false }] },
  { action: 'duplicate', description: 'Duplicate the selected nodes', combos: [{ key: 'd', mod: true, shift: false }] },
  { action: 'delete', description: 'Delete the selected nodes and connections', combos: [{ key: 'Delete' }, { key: 'Backspace' }] },
  { action: 'fitView', description: 'Fit the flow in view', combos: [{ key: '1', code: 'Digit1', shift: true }, { key: 'f', shift: false }] },
  { action: 'autoLayout', description: 'Auto-layout left to right', combos: [{ key: 'l', shift: true }] },
  { action: 'help', description: 'Show these shortcuts', combos: [{ key: '?' }] },
];

/** Mouse gestures, listed in the help beside the keys. */
export const GESTURES: readonly { gesture: string; description: string }[] = [
  { gesture: 'Shift+drag on the canvas', description: 'Select the nodes in a box (or turn on “Box select” and just drag)' },
  { gesture: 'Shift/Ctrl/⌘+click', description: 'Add a node to the selection, or take it out' },
  { gesture: 'Drag a selected node', description: 'Move the whole selection' },
  { gesture: 'Arrow keys (Shift: faster)', description: 'Nudge the selected nodes' },
];

export function isClipboardAction(action: ShortcutAction): action is ClipboardAction {
  return action === 'copy' || action === 'cut' || action === 'paste';
}

type KeyState = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>;

function matches(combo: KeyCombo, event: KeyState): boolean {
  if (event.altKey || (combo.mod ?? false) !== (event.ctrlKey || event.metaKey)) return false;
  if (combo.shift !== undefined && combo.shift !== event.shiftKey) return false;
  return event.key.toLowerCase() === combo.key.toLowerCase() || (combo.code !== undefined && combo.code === event.code);
}

export function shortcutFor(event: KeyState): Shortcut | undefined {
  return SHORTCUTS.find((shortcut) => shortcut.combos.some((combo) => matches(combo, event)));
}

const KEY_NAMES: Readonly<Record<string, string>> = { Escape: 'Esc', Delete: 'Delete', Backspace: 'Backspace' };

export function comboLabel(combo: KeyCombo, mac: boolean): string {
  const parts: string[] = [];
  if (combo.mod) parts.push(mac ? '⌘' : 'Ctrl');
  if (combo.shift) parts.push('Shift');
  parts.push(KEY_NAMES[combo.key] ?? combo.key.toUpperCase());
  return parts.join('+');
}

/** The first combo of an action, for tooltips: "Ctrl+Z". */
export function shortcutLabel(action: ShortcutAction, mac: boolean): string {
  const combo = SHORTCUTS.find((shortcut) => shortcut.action === action)?.combos[0];
  return combo ? comboLabel(combo, mac) : '';
}

export function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);
}
