// Loads one thing for a page: loading, missing (a 404), error (with a retry), or ready.
import { useEffect, useState, type DependencyList } from 'react';
import { ApiError, errorMessage } from './http-client.ts';

export type Loaded<T> = { kind: 'loading' } | { kind: 'missing' } | { kind: 'error'; message: string } | { kind: 'ready'; value: T };

/** Calls `fetcher` whenever `deps` change (or on retry); `replace` swaps in a fresher value, e.g. after a save. */
export function useLoaded<T>(fetcher: () => Promise<T>, deps: DependencyList) {
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true; // ignore an answer that arrives after a retry or an unmount
    fetcher().then(
      (value) => { if (current) setState({ kind: 'ready', value }); },
      (error: unknown) => {
        if (!current) return;
        setState(error instanceof ApiError && error.status === 404 ? { kind: 'missing' } : { kind: 'error', message: errorMessage(error) });
      },
    );
    return () => { current = false; };
    // the caller's deps decide when to fetch again, as with useEffect
  }, [...deps, attempt]);

  const retry = () => { setState({ kind: 'loading' }); setAttempt((n) => n + 1); };
  const replace = (value: T) => { setState({ kind: 'ready', value }); };
  return { state, retry, replace };
}
