import type { FlowDocument } from '@switchboard/flow-schema';
import { useCallback, useEffect, useRef, useState } from 'react';
import { DraftConflict, errorMessage, saveDraft } from './api.ts';

const DEBOUNCE_MS = 800;

export type SaveStatus = { kind: 'idle' } | { kind: 'pending' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; message: string };

/** Another save reached the server after the revision this editor last saved or loaded. */
export interface Conflict {
  message: string;
  currentRevision: number;
}

export interface Autosave {
  status: SaveStatus;
  /** Saves now; resolves true when the server holds the current document. */
  flush: () => Promise<boolean>;
  /** Set while a conflict stops autosave, until one of the two actions below. */
  conflict: Conflict | null;
  /** Replaces their change with this editor's document, based on the revision the conflict reported. */
  keepMine: () => Promise<boolean>;
  /** Drops this editor's unsaved changes and loads the flow again, with their change. */
  loadTheirs: () => void;
}

/**
 * Saves the draft shortly after the last change. Saves run one at a time, so an older document never
 * overwrites a newer one; each names the revision it builds on, so a change someone else saved
 * meanwhile is never overwritten silently: the save stops with a conflict until the user decides.
 */
export function useAutosave(flowId: string, doc: FlowDocument, loadedRevision: number): Autosave {
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const saved = useRef(doc);
  const latest = useRef(doc);
  const revision = useRef(loadedRevision);
  const stopped = useRef<Conflict | null>(null);
  const leaving = useRef(false);
  const chain = useRef<Promise<boolean>>(Promise.resolve(true));

  const flush = useCallback((): Promise<boolean> => {
    chain.current = chain.current.then(async () => {
      if (stopped.current !== null) return false;
      const target = latest.current;
      if (target === saved.current) return true;
      setStatus({ kind: 'saving' });
      try {
        revision.current = await saveDraft(flowId, target, revision.current);
        saved.current = target;
        setStatus(latest.current === target ? { kind: 'saved' } : { kind: 'pending' });
        return latest.current === target;
      } catch (error) {
        if (error instanceof DraftConflict) {
          stopped.current = { message: error.message, currentRevision: error.currentRevision };
          setConflict(stopped.current);
          setStatus({ kind: 'error', message: 'someone else changed this flow' });
        } else {
          setStatus({ kind: 'error', message: errorMessage(error) });
        }
        return false;
      }
    });
    return chain.current;
  }, [flowId]);

  const keepMine = useCallback((): Promise<boolean> => {
    if (stopped.current !== null) revision.current = stopped.current.currentRevision;
    stopped.current = null;
    setConflict(null);
    return flush();
  }, [flush]);

  const loadTheirs = useCallback(() => {
    leaving.current = true; // the user chose to drop the unsaved changes: no "leave the page?" question
    window.location.reload();
  }, []);

  useEffect(() => {
    latest.current = doc;
    if (stopped.current !== null) return; // edits wait for the user's choice in the conflict banner
    if (doc === saved.current) {
      setStatus((current) => (current.kind === 'pending' ? { kind: 'saved' } : current));
      return;
    }
    setStatus((current) => (current.kind === 'saving' ? current : { kind: 'pending' }));
    const timer = setTimeout(() => { void flush(); }, DEBOUNCE_MS);
    return () => { clearTimeout(timer); };
  }, [doc, flush]);

  // Leaving with changes the server does not have yet asks first.
  const unsaved = status.kind === 'pending' || status.kind === 'saving' || status.kind === 'error';
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => { if (!leaving.current) event.preventDefault(); };
    window.addEventListener('beforeunload', warn);
    return () => { window.removeEventListener('beforeunload', warn); };
  }, [unsaved]);

  return { status, flush, conflict, keepMine, loadTheirs };
}
