import type { FlowDocument } from '@switchboard/flow-schema';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, saveDraft } from './api.ts';

const DEBOUNCE_MS = 800;

export type SaveStatus = { kind: 'idle' } | { kind: 'pending' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; message: string };

/**
 * Saves the draft shortly after the last change. Saves run one at a time, so an older document never
 * overwrites a newer one; `flush` saves now and tells whether the server holds the current document.
 */
export function useAutosave(flowId: string, doc: FlowDocument): { status: SaveStatus; flush: () => Promise<boolean> } {
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const saved = useRef(doc);
  const latest = useRef(doc);
  const chain = useRef<Promise<boolean>>(Promise.resolve(true));

  const flush = useCallback((): Promise<boolean> => {
    chain.current = chain.current.then(async () => {
      const target = latest.current;
      if (target === saved.current) return true;
      setStatus({ kind: 'saving' });
      try {
        await saveDraft(flowId, target);
        saved.current = target;
        setStatus(latest.current === target ? { kind: 'saved' } : { kind: 'pending' });
        return latest.current === target;
      } catch (error) {
        setStatus({ kind: 'error', message: errorMessage(error) });
        return false;
      }
    });
    return chain.current;
  }, [flowId]);

  useEffect(() => {
    latest.current = doc;
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
    const warn = (event: BeforeUnloadEvent) => { event.preventDefault(); };
    window.addEventListener('beforeunload', warn);
    return () => { window.removeEventListener('beforeunload', warn); };
  }, [unsaved]);

  return { status, flush };
}
