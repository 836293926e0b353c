// Loads a list, then loads it again every few seconds while the page is open and visible, so a status
// shown on the page follows the server's without a reload.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../http-client.ts';

export type Refreshed<T> =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  /** `refreshError`: the last refresh failed; `value` is the last one that arrived. */
  | { kind: 'ready'; value: T; refreshError: string | null };

/** `fetcher` must keep its identity (a module function): a new one restarts the timer. */
export function useRefreshing<T>(fetcher: () => Promise<T>, intervalMs: number) {
  const [state, setState] = useState<Refreshed<T>>({ kind: 'loading' });
  // Only the answer to the latest request counts: an older one that arrives late is ignored.
  const latest = useRef(0);

  const load = useCallback(() => {
    latest.current += 1;
    const request = latest.current;
    fetcher().then(
      (value) => { if (request === latest.current) setState({ kind: 'ready', value, refreshError: null }); },
      (error: unknown) => {
        if (request !== latest.current) return;
        const message = errorMessage(error);
        setState((previous) => (previous.kind === 'ready' ? { ...previous, refreshError: message } : { kind: 'error', message }));
      },
    );
  }, [fetcher]);

  useEffect(() => {
    load();
    const timer = setInterval(() => { if (!document.hidden) load(); }, intervalMs);
    return () => {
      clearInterval(timer);
      latest.current += 1;
    };
  }, [load, intervalMs]);

  const retry = () => { setState({ kind: 'loading' }); load(); };
  return { state, reload: load, retry };
}
