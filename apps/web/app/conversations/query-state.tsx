'use client';

/** What every console read shows while it loads or after it failed; `retry` asks again. */
export function LoadError({ what, error, retry }: { what: string; error: Error; retry: () => void }) {
  return (
    <div role="alert">
      <p className="error">Could not load {what}: {error.message}</p>
      <button type="button" onClick={retry}>Try again</button>
    </div>
  );
}
