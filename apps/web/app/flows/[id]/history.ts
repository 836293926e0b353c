// Undo and redo over whole document snapshots: documents are small, and snapshots cannot drift.
import type { FlowDocument } from '@switchboard/flow-schema';

const LIMIT = 100;

export interface History {
  past: FlowDocument[];
  present: FlowDocument;
  future: FlowDocument[];
  /** Edits sharing this key in a row (keystrokes in one config form) make one undo step. */
  mergeKey?: string | undefined;
}

export type HistoryAction =
  | { kind: 'reset'; doc: FlowDocument }
  /** A pure edit of the present document; an edit that changes nothing leaves no undo step. */
  | { kind: 'apply'; edit: (doc: FlowDocument) => FlowDocument; mergeKey?: string }
  | { kind: 'undo' }
  | { kind: 'redo' };

export function historyReducer(state: History, action: HistoryAction): History {
  switch (action.kind) {
    case 'reset':
      return { past: [], present: action.doc, future: [] };
    case 'apply': {
      const next = action.edit(state.present);
      if (next === state.present) return state;
      if (action.mergeKey !== undefined && action.mergeKey === state.mergeKey) return { ...state, present: next, future: [] };
      return { past: [...state.past, state.present].slice(-LIMIT), present: next, future: [], mergeKey: action.mergeKey };
    }
    case 'undo': {
      const previous = state.past.at(-1);
      return previous ? { past: state.past.slice(0, -1), present: previous, future: [state.present, ...state.future] } : state;
    }
    case 'redo': {
      const [next, ...rest] = state.future;
      return next ? { past: [...state.past, state.present], present: next, future: rest } : state;
    }
  }
}
